import { DecimalPipe, PercentPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import { errorMessages } from '../core/api-error';
import { Chart, type ChartOptions } from '../core/chart';
import { saveBlob } from '../core/download';
import { type CaseMetrics, MetricsApi, type MetricsBreakdown } from './metrics-api';

const DAY = 86_400_000;
type Dimension = 'byCustomer' | 'byDetectorKind' | 'byRule' | 'bySource';

/** Minutes or hours, for a figure in seconds. */
export function duration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return '—';
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}

/** The manager's dashboard: case counts, MTTA/MTTR, time in state, false positives and exposure, with CSV. */
@Component({
  selector: 'tg-metrics-page',
  imports: [Chart, DecimalPipe, PercentPipe, MatButtonModule, MatFormFieldModule, MatInputModule, MatSelectModule],
  templateUrl: './metrics-page.html',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MetricsPage {
  private readonly api = inject(MetricsApi);

  protected readonly from = signal(new Date(Date.now() - 30 * DAY).toISOString().slice(0, 10));
  protected readonly to = signal(new Date(Date.now() + DAY).toISOString().slice(0, 10));
  protected readonly metrics = signal<CaseMetrics | null>(null);
  protected readonly errors = signal<string[] | null>(null);
  protected readonly dimension = signal<Dimension>('byCustomer');
  protected readonly duration = duration;
  protected readonly dimensions: { key: Dimension; label: string }[] = [
    { key: 'byCustomer', label: 'Customer' },
    { key: 'byDetectorKind', label: 'Detector kind' },
    { key: 'byRule', label: 'Rule' },
    { key: 'bySource', label: 'Source' },
  ];

  protected readonly rows = computed<MetricsBreakdown[]>(() => this.metrics()?.[this.dimension()] ?? []);
  protected readonly states = computed(() => Object.entries(this.metrics()?.byState ?? {}));
  protected readonly timeInState = computed(() => Object.entries(this.metrics()?.timeInStateSeconds ?? {}));

  protected readonly perDay = computed<ChartOptions>(() => {
    const days = this.metrics()?.byDay ?? [];
    return {
      tooltip: { trigger: 'axis' },
      legend: { data: ['Opened', 'Closed'] },
      xAxis: { type: 'category', data: days.map((d) => d.day) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: 'Opened', type: 'line', data: days.map((d) => d.opened) },
        { name: 'Closed', type: 'line', data: days.map((d) => d.closed) },
      ],
    };
  });

  protected readonly byStateChart = computed<ChartOptions>(() => ({
    tooltip: {},
    xAxis: { type: 'category', data: this.states().map(([s]) => s) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ name: 'Cases', type: 'bar', data: this.states().map(([, n]) => n) }],
  }));

  constructor() {
    this.load();
  }

  private range() {
    return { from: this.from(), to: this.to() };
  }

  protected load(): void {
    this.errors.set(null);
    this.api.cases(this.range()).subscribe({
      next: (m) => this.metrics.set(m),
      error: (e: unknown) => this.errors.set(errorMessages(e)),
    });
  }

  protected exportCsv(): void {
    this.api.casesCsv(this.range()).subscribe({
      next: (blob) => saveBlob(blob, `case-metrics_${this.from()}_${this.to()}.csv`),
      error: (e: unknown) => this.errors.set(errorMessages(e)),
    });
  }
}
