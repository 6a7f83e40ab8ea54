import { ZonedTimePipe } from '../../core/zoned-time';
import { ChangeDetectionStrategy, Component, computed, inject, input, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSortModule, type Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../auth/auth.service';
import { Chart, type ChartOptions } from '../../core/chart';
import { formatCallDuration, formatCost, formatDuration } from '../../core/format';
import { pagedList } from '../../core/paged-list';
import { TicketsApi } from '../tickets-api';

const PAGE_SIZE = 25;

/**
 * The case's calls on its page: a chart of calls and cost over the episode, and a sortable, paged table of the
 * linked CDRs (time, seat, IP, destination with its country, duration, cost).
 */
@Component({
  selector: 'tg-case-calls',
  imports: [ZonedTimePipe, RouterLink, MatButtonModule, MatProgressBarModule, MatSortModule, MatTableModule, Chart],
  templateUrl: './case-calls.html',
  styleUrl: './case-calls.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class CaseCalls {
  private readonly api = inject(TicketsApi);
  readonly ticketId = input.required<string>();
  /** The customer, for the link to the call-records page. */
  readonly customerId = input.required<string>();
  readonly evidenceFrom = input<string | null>(null);
  readonly evidenceTo = input<string | null>(null);

  protected readonly columns = ['startedAt', 'seat', 'sourceIp', 'called', 'country', 'billsec', 'cost'];
  protected readonly sort = signal<Sort>({ active: 'startedAt', direction: 'desc' });
  protected readonly calls = pagedList({
    params: () => ({ id: this.ticketId(), sort: sortParam(this.sort()) }),
    load: (p, cursor) => this.api.calls(p.id, { sort: p.sort, cursor, limit: PAGE_SIZE }),
  });
  protected readonly series = rxResource({
    params: () => this.ticketId(),
    stream: ({ params }) => this.api.callSeries(params),
  });
  protected readonly chartOptions = computed((): ChartOptions | null => {
    if (!this.series.hasValue() || this.series.value().points.length === 0) return null;
    const points = this.series.value().points;
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: ['Calls', 'Cost'], top: 0, left: 'center' },
      grid: { left: 48, right: 64, top: 40, bottom: 28 },
      xAxis: { type: 'time' },
      yAxis: [
        { type: 'value', name: 'Calls', minInterval: 1 },
        { type: 'value', name: 'Cost', axisLabel: { formatter: (v: number) => formatCost(v) } },
      ],
      series: [
        { name: 'Calls', type: 'bar', data: points.map((p) => [p.at, p.calls]) },
        { name: 'Cost', type: 'line', yAxisIndex: 1, data: points.map((p) => [p.at, p.cost]) },
      ],
    };
  });
  protected readonly bucketLabel = computed(() =>
    this.series.hasValue() ? formatDuration(this.series.value().bucketSeconds) : '',
  );
  /** The NOC's call-records page, filtered to the case's customer and the days of its evidence window. */
  protected readonly recordsLink = computed(() => ({
    customerId: this.customerId(),
    ...(this.evidenceFrom() ? { from: this.evidenceFrom()!.slice(0, 10) } : {}),
    ...(this.evidenceTo() ? { to: this.evidenceTo()!.slice(0, 10) } : {}),
  }));
  protected readonly isNoc = inject(AuthService).hasRole(['technician', 'admin']);

  protected readonly cost = formatCost;
  protected readonly duration = formatCallDuration;

  protected sortBy(sort: Sort): void {
    this.sort.set(sort.direction ? sort : { active: 'startedAt', direction: 'desc' });
  }
}

function sortParam(sort: Sort): string {
  return `${sort.direction === 'desc' ? '-' : ''}${sort.active}`;
}
