import { Module } from '@nestjs/common';
import { CaseMetricsController, CaseMetricsCsvController, PrometheusController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';
import { Prometheus } from './prometheus.js';

/** Case and detection metrics from the timeline (`/api/metrics/cases`), and the Prometheus scrape (`/metrics`). */
@Module({
  controllers: [CaseMetricsController, CaseMetricsCsvController, PrometheusController],
  providers: [MetricsService, Prometheus],
})
export class MetricsModule {}
