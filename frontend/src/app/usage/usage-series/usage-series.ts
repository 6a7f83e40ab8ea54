import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { inject } from '@angular/core';
import { errorMessages } from '../../core/api-error';
import { Chart, type ChartOptions } from '../../core/chart';
import { formatCost, formatCount, formatMinutes } from '../../core/format';
import type { UsageQuery, UsageSeries, UsageSeriesPoint } from '../usage';
import { UsageApi } from '../usage-api';

/** Calls, minutes and cost over the range: bars for calls and minutes, a line for cost on its own axis. */
@Component({
  selector: 'tg-usage-series',
  imports: [Chart, MatCardModule, MatProgressBarModule],
  template: `
    <mat-card appearance="outlined">
      <mat-card-header>
        <h2 id="usage-series-title">Calls, minutes and cost per {{ bucket() }}</h2>
      </mat-card-header>
      @if (series.isLoading()) {
        <mat-progress-bar mode="indeterminate" aria-label="Loading the usage chart" />
      }
      <mat-card-content>
        @if (errors(); as messages) {
          <div class="tg-error" role="alert">
            @for (message of messages; track $index) {
              <div>{{ message }}</div>
            }
          </div>
        }
        @if (hasTraffic()) {
          <tg-chart class="chart" [options]="options()" [label]="'Calls, minutes and cost per ' + bucket()" />
          <p class="totals tg-muted">
            {{ count(totals().calls) }} calls, {{ minutes(totals().minutes) }} minutes, {{ cost(totals().cost) }}
          </p>
          <details>
            <summary>The numbers per {{ bucket() }}</summary>
            <div class="table-wrap">
              <table aria-labelledby="usage-series-title">
                <thead>
                  <tr>
                    <th scope="col">{{ bucket() === 'hour' ? 'Hour' : 'Day' }}</th>
                    <th scope="col" class="tg-num">Calls</th>
                    <th scope="col" class="tg-num">Minutes</th>
                    <th scope="col" class="tg-num">Cost</th>
                  </tr>
                </thead>
                <tbody>
                  @for (point of points(); track point.at) {
                    <tr>
                      <td>{{ label(point.at) }}</td>
                      <td class="tg-num">{{ count(point.calls) }}</td>
                      <td class="tg-num">{{ minutes(point.minutes) }}</td>
                      <td class="tg-num">{{ cost(point.cost) }}</td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
          </details>
        } @else if (series.hasValue()) {
          <p class="tg-empty">No traffic in this period.</p>
        }
      </mat-card-content>
    </mat-card>
  `,
  styles: `
    :host {
      display: block;
      margin-bottom: 16px;
    }
    h2 {
      font: var(--mat-sys-title-medium);
      margin: 0;
    }
    .chart {
      height: 260px;
    }
    .totals {
      margin: 4px 0;
    }
    .table-wrap {
      max-height: 320px;
      overflow: auto;
    }
    table {
      border-collapse: collapse;
      width: 100%;
    }
    th,
    td {
      padding: 4px 8px;
      text-align: left;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsageSeriesChart {
  private readonly api = inject(UsageApi);

  readonly query = input.required<UsageQuery>();

  protected readonly series = rxResource({
    params: () => this.query(),
    stream: ({ params }) => this.api.series(params),
  });
  private readonly value = computed<UsageSeries | null>(() => (this.series.hasValue() ? this.series.value() : null));
  protected readonly points = computed<UsageSeriesPoint[]>(() => this.value()?.points ?? []);
  protected readonly bucket = computed(() => this.value()?.bucket ?? 'hour');
  protected readonly hasTraffic = computed(() => this.points().some((p) => p.calls > 0));
  protected readonly errors = computed(() => {
    const error = this.series.error();
    return error ? errorMessages(error) : null;
  });
  protected readonly totals = computed(() =>
    this.points().reduce(
      (sum, p) => ({ calls: sum.calls + p.calls, minutes: sum.minutes + p.minutes, cost: sum.cost + p.cost }),
      { calls: 0, minutes: 0, cost: 0 },
    ),
  );
  protected readonly options = computed(() => seriesChart(this.points(), this.label));

  protected readonly count = formatCount;
  protected readonly minutes = formatMinutes;
  protected readonly cost = formatCost;

  /** An hour or a day in the zone the server cut the days in. */
  protected readonly label = (at: string): string => {
    const series = this.value();
    const options: Intl.DateTimeFormatOptions =
      series?.bucket === 'day'
        ? { month: 'short', day: 'numeric' }
        : { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    return new Intl.DateTimeFormat('en-US', { ...options, timeZone: series?.timezone ?? 'UTC' }).format(new Date(at));
  };
}

function seriesChart(points: UsageSeriesPoint[], label: (at: string) => string): ChartOptions {
  return {
    aria: { enabled: true },
    color: ['#1e88e5', '#90caf9', '#e65100'],
    legend: { bottom: 0 },
    grid: { left: 8, right: 8, top: 28, bottom: 32, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: points.map((p) => label(p.at)) },
    yAxis: [
      { type: 'value', name: 'calls / min', splitLine: { lineStyle: { opacity: 0.3 } } },
      { type: 'value', name: 'cost ($)', splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: 'Calls', data: points.map((p) => p.calls), barMaxWidth: 18 },
      { type: 'bar', name: 'Minutes', data: points.map((p) => Math.round(p.minutes * 10) / 10), barMaxWidth: 18 },
      {
        type: 'line',
        name: 'Cost',
        yAxisIndex: 1,
        data: points.map((p) => Math.round(p.cost * 100) / 100),
        showSymbol: points.length < 48,
      },
    ],
  };
}
