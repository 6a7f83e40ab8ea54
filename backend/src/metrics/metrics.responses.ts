import { ApiProperty } from '@nestjs/swagger';

export class Spread {
  @ApiProperty({ type: Number, nullable: true, description: 'Seconds; nearest-rank median' }) median: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Seconds; nearest-rank 90th percentile' }) p90:
    number | null;
}

export class ExposureFigures {
  @ApiProperty({ description: 'Cost of the traffic of cases confirmed fraudulent (source removed)' }) fraudCost: number;
  @ApiProperty({ description: 'Cost of the traffic whose charges the customer accepted (legitimate)' })
  acceptedCost: number;
  @ApiProperty({
    description:
      "Cost avoided by restricting: the episode's rate of spend × the time from the restriction until the customer answered (or the case closed, or now)",
  })
  avoidedCost: number;
}

export class CaseMetricsFigures {
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Cases opened in the range, by their state at its end',
  })
  byState: Record<string, number>;
  @ApiProperty() opened: number;
  @ApiProperty({ description: 'Cases closed (lifted or dismissed) in the range, whenever opened' }) closed: number;
  @ApiProperty({ type: Spread, description: 'Opened → first technician action' }) mttaSeconds: Spread;
  @ApiProperty({ type: Spread, description: 'Opened → restrictions lifted or dismissed' }) mttrSeconds: Spread;
  @ApiProperty({
    type: 'object',
    additionalProperties: { $ref: '#/components/schemas/Spread' },
    description: 'Per open state',
  })
  timeInStateSeconds: Record<string, Spread>;
  @ApiProperty({ type: Number, nullable: true, description: 'Dismissed or legitimate, over the cases with an outcome' })
  falsePositiveShare: number | null;
  @ApiProperty({ type: ExposureFigures }) exposure: ExposureFigures;
  @ApiProperty({ type: Spread, description: 'First evidence call → event' }) timeToDetectSeconds: Spread;
  @ApiProperty({ type: Spread, description: 'First evidence call → first restriction' }) timeToBlockSeconds: Spread;
}

export class MetricsBreakdown extends CaseMetricsFigures {
  @ApiProperty({ description: 'Customer id, detector kind, rule id or source' }) key: string;
  @ApiProperty({ description: 'What the key names, for people' }) label: string;
}

export class DayCount {
  @ApiProperty({ example: '2026-03-24' }) day: string;
  @ApiProperty() opened: number;
  @ApiProperty() closed: number;
}

export class CaseMetricsView extends CaseMetricsFigures {
  @ApiProperty() from: string;
  @ApiProperty() to: string;
  @ApiProperty({
    type: [DayCount],
    description: "Opened and closed per day in the team's time zone (the on-call rota's; UTC before one is saved)",
  })
  byDay: DayCount[];
  @ApiProperty({ type: [MetricsBreakdown] }) byCustomer: MetricsBreakdown[];
  @ApiProperty({ type: [MetricsBreakdown] }) byDetectorKind: MetricsBreakdown[];
  @ApiProperty({ type: [MetricsBreakdown] }) byRule: MetricsBreakdown[];
  @ApiProperty({ type: [MetricsBreakdown], description: 'detector, email, realtime or manual' })
  bySource: MetricsBreakdown[];
}
