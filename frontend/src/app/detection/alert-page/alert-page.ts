import { ChangeDetectionStrategy, Component, computed, inject, input } from '@angular/core';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import { AuthService } from '../../auth/auth.service';
import { errorCode, errorMessages } from '../../core/api-error';
import { Chart, type ChartOptions } from '../../core/chart';
import { formatMinutes } from '../../core/format';
import { type AlertChartHour, type BaselineJurisdiction, JURISDICTION_LABELS } from '../detection';
import { DetectionApi } from '../detection-api';

/**
 * Where an alert mail's link lands: the detector's words, and that day's minutes per hour (the alert's
 * jurisdiction for a baseline, all traffic otherwise) against the normal for each weekday and hour.
 */
@Component({
  selector: 'tg-alert-page',
  imports: [Chart, MatProgressBarModule, MatTableModule, RouterLink],
  templateUrl: './alert-page.html',
  styleUrl: './alert-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlertPage {
  private readonly auth = inject(AuthService);

  /** Route parameter `:id`. */
  readonly id = input.required<string>();

  protected readonly alert = inject(DetectionApi).alert(this.id);
  protected readonly value = computed(() => (this.alert.hasValue() ? this.alert.value() : undefined));
  protected readonly errors = computed(() => {
    const error = this.alert.error();
    if (!error) return null;
    return errorCode(error) === 'detection_alert_not_found'
      ? ['This alert does not exist, or is not yours to see.']
      : errorMessages(error);
  });
  protected readonly trafficLabel = computed(() => {
    const j = this.value()?.chart.jurisdiction as BaselineJurisdiction | null | undefined;
    return j ? `${JURISDICTION_LABELS[j]} minutes` : 'Minutes (all traffic)';
  });
  protected readonly ticketLink = computed(() => {
    const ticketId = this.value()?.ticketId;
    if (!ticketId) return null;
    return this.auth.hasRole(['customer']) ? `/portal/tickets/${ticketId}` : `/tickets/${ticketId}`;
  });
  protected readonly chartOptions = computed<ChartOptions>(() => hourlyChart(this.value()?.chart.hours ?? []));
  protected readonly columns = ['label', 'minutes', 'normal'];
  protected readonly minutes = (v: number | null | undefined) =>
    v === null || v === undefined ? '—' : formatMinutes(v);
}

function hourlyChart(hours: AlertChartHour[]): ChartOptions {
  return {
    aria: { enabled: true },
    tooltip: { trigger: 'axis' },
    legend: { data: ['Minutes', 'Normal'] },
    grid: { left: 48, right: 16, top: 40, bottom: 32 },
    xAxis: { type: 'category', data: hours.map((h) => h.label) },
    yAxis: { type: 'value', name: 'min' },
    series: [
      { name: 'Minutes', type: 'bar', data: hours.map((h) => h.minutes) },
      { name: 'Normal', type: 'line', step: 'middle', data: hours.map((h) => h.normal), connectNulls: false },
    ],
  };
}
