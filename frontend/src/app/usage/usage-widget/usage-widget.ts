import { ChangeDetectionStrategy, Component, computed, effect, inject, input, output, signal } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatIconModule } from '@angular/material/icon';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { errorMessages } from '../../core/api-error';
import { Chart, type ChartOptions } from '../../core/chart';
import { saveBlob } from '../../core/download';
import { formatCost, formatCount, formatMinutes } from '../../core/format';
import type { UsageQuery, UsageRow, WidgetDef } from '../usage';
import { UsageApi } from '../usage-api';

/** Bars beyond this are in the table only; a chart of 200 IPs says nothing. */
export const CHART_ROWS = 10;

/** One usage widget: a chart of the largest rows, the table of all of them, and its CSV. */
@Component({
  selector: 'tg-usage-widget',
  imports: [Chart, MatButtonModule, MatCardModule, MatIconModule, MatProgressBarModule],
  templateUrl: './usage-widget.html',
  styleUrl: './usage-widget.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class UsageWidget {
  private readonly api = inject(UsageApi);

  readonly widget = input.required<WidgetDef>();
  readonly query = input.required<UsageQuery>();
  /** The time zone the server read the days in, once known. */
  readonly timezone = output<string>();

  protected readonly result = rxResource({
    params: () => ({ widget: this.widget().id, query: this.query() }),
    stream: ({ params }) => this.api.widget(params.widget, params.query),
  });
  protected readonly rows = computed<UsageRow[]>(() => (this.result.hasValue() ? this.result.value().rows : []));
  protected readonly errors = computed(() => {
    const error = this.result.error();
    return error ? errorMessages(error) : null;
  });
  protected readonly totals = computed(() =>
    this.rows().reduce(
      (sum, row) => ({
        calls: sum.calls + row.calls,
        failedCalls: sum.failedCalls + row.failedCalls,
        minutes: sum.minutes + row.minutes,
        cost: sum.cost + row.cost,
      }),
      { calls: 0, failedCalls: 0, minutes: 0, cost: 0 },
    ),
  );
  /** The chart draws what the rows are ranked by. */
  protected readonly metric = computed<'minutes' | 'cost'>(() => (this.query().sort === 'cost' ? 'cost' : 'minutes'));
  protected readonly chartOptions = computed(() => {
    const rows = this.rows().slice(0, CHART_ROWS);
    return this.widget().chart === 'donut' ? donut(rows, this.metric()) : bars(rows, this.metric());
  });
  protected readonly downloading = signal(false);
  protected readonly downloadError = signal<string[] | null>(null);

  protected readonly count = formatCount;
  protected readonly minutes = formatMinutes;
  protected readonly cost = formatCost;

  constructor() {
    effect(() => {
      if (this.result.hasValue()) this.timezone.emit(this.result.value().timezone);
    });
  }

  protected download(): void {
    if (this.downloading()) return;
    this.downloading.set(true);
    this.downloadError.set(null);
    const { id } = this.widget();
    const { from, to } = this.query();
    this.api.csv(id, this.query()).subscribe({
      next: (blob) => saveBlob(blob, [id, from, to].filter(Boolean).join('_') + '.csv'),
      error: (error: unknown) => {
        this.downloadError.set(errorMessages(error));
        this.downloading.set(false);
      },
      complete: () => this.downloading.set(false),
    });
  }
}

type Metric = 'minutes' | 'cost';

const METRICS: Record<
  Metric,
  { name: string; unit: string; value: (row: UsageRow) => number; tooltip: (v: unknown) => string }
> = {
  minutes: {
    name: 'Minutes',
    unit: 'min',
    value: (row) => Math.round(row.minutes * 10) / 10,
    tooltip: (v) => `${formatMinutes(Number(v))} min`,
  },
  cost: {
    name: 'Cost',
    unit: '$',
    value: (row) => Math.round(row.cost * 100) / 100,
    tooltip: (v) => formatCost(Number(v)),
  },
};

function bars(rows: UsageRow[], metric: Metric): ChartOptions {
  const m = METRICS[metric];
  // Largest at the top: a horizontal bar chart lists its categories bottom-up.
  const ordered = [...rows].reverse();
  return {
    aria: { enabled: true },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: m.tooltip },
    xAxis: { type: 'value', name: m.unit, nameLocation: 'end', splitLine: { lineStyle: { opacity: 0.3 } } },
    yAxis: {
      type: 'category',
      data: ordered.map((row) => row.label),
      axisLabel: { width: 140, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: m.name,
        data: ordered.map(m.value),
        itemStyle: { color: metric === 'cost' ? '#e65100' : '#1e88e5', borderRadius: [0, 3, 3, 0] },
        barMaxWidth: 22,
      },
    ],
  };
}

function donut(rows: UsageRow[], metric: Metric): ChartOptions {
  const m = METRICS[metric];
  return {
    aria: { enabled: true },
    color: ['#1e88e5', '#fb8c00', '#8e24aa', '#43a047', '#757575'],
    tooltip: { trigger: 'item', valueFormatter: m.tooltip },
    legend: { bottom: 0, type: 'scroll' },
    series: [
      {
        type: 'pie',
        name: m.name,
        radius: ['45%', '70%'],
        center: ['50%', '45%'],
        label: { formatter: '{d}%' },
        data: rows.map((row) => ({ name: row.label, value: m.value(row) })),
      },
    ],
  };
}
