import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badInput } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { CommonErrorCode } from '../common/error-codes.js';
import { toCsv } from '../common/csv.js';
import { firstEventsOf } from '../cases/event-rows.js';
import { allRules } from '../detection/rule-rows.js';
import { loadSetup } from '../oncall/oncall-rows.js';
import { metricTickets, metricTimelines } from '../tickets/ticket-metric-rows.js';
import { byDay, caseMetrics, type CaseMetrics, type TicketFacts } from './case-metrics.js';
import type { CaseMetricsQuery } from './metrics.dto.js';
import type { CaseMetricsView, MetricsBreakdown } from './metrics.responses.js';

const DAY = 86_400_000;
const MAX_DAYS = 400;

/** Where a case's first event came from, in the NOC's words. */
const SOURCE_LABEL: Record<string, string> = {
  detector: 'detector',
  email: 'email',
  realtime: 'realtime',
  api: 'manual',
};

/** Case metrics for managers, computed from the tickets' timelines on each request. */
@Injectable()
export class MetricsService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async cases(q: CaseMetricsQuery): Promise<CaseMetricsView> {
    const now = this.clock.now();
    const to = q.to ? new Date(q.to) : now;
    const from = q.from ? new Date(q.from) : new Date(to.getTime() - 30 * DAY);
    if (from >= to) throw badInput(['from must be before to'], CommonErrorCode.DateRangeInvalid);
    if (to.getTime() - from.getTime() > MAX_DAYS * DAY) {
      throw badInput([`the range may span at most ${MAX_DAYS} days`], CommonErrorCode.DateRangeInvalid);
    }
    const { tickets, closings } = await metricTickets(this.db, from, to);
    const ids = tickets.map((t) => t.id);
    const [timelines, firstEvents, rules, oncall] = await Promise.all([
      metricTimelines(this.db, ids),
      firstEventsOf(this.db, ids),
      allRules(this.db),
      loadSetup(this.db),
    ]);
    const ruleNames = new Map(rules.map((r) => [r.id, r.name]));
    const facts = new Map<string, TicketFacts>(
      tickets.map((t) => {
        const first = firstEvents.get(t.id);
        return [
          t.id,
          {
            id: t.id,
            customerId: t.customerId,
            customerName: t.customerName,
            kind: t.kind,
            ruleId: first?.ruleId ?? null,
            ruleName: first?.ruleId ? (ruleNames.get(first.ruleId) ?? null) : null,
            source: SOURCE_LABEL[first?.source ?? 'api'] ?? first!.source,
            openedAt: new Date(t.openedAt),
            firstCallAt: t.firstCallAt,
            lastCallAt: t.lastCallAt,
            exposureCost: Number(t.exposureCost),
            timeline: [],
          },
        ];
      }),
    );
    for (const e of timelines) facts.get(e.ticketId)?.timeline.push(e);
    const all = [...facts.values()];
    const opened = all.filter((t) => t.openedAt >= from && t.openedAt < to);

    const figures = (group: (t: TicketFacts) => boolean): CaseMetrics =>
      caseMetrics(opened.filter(group), closings.filter((c) => group(facts.get(c.ticketId)!)).length, { to }, now);
    const breakdown = (keyOf: (t: TicketFacts) => [string, string]): MetricsBreakdown[] => {
      const keys = new Map<string, string>();
      for (const t of all) keys.set(...keyOf(t));
      return [...keys]
        .map(([key, label]) => ({ key, label, ...figures((t) => keyOf(t)[0] === key) }))
        .sort((a, b) => b.opened - a.opened || a.label.localeCompare(b.label));
    };
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      ...figures(() => true),
      byDay: byDay(
        opened,
        closings.map((c) => c.at),
        from,
        to,
        // Days as the team lives them: the on-call rota's zone (UTC before one is saved).
        oncall?.setup.timezone ?? 'UTC',
      ),
      byCustomer: breakdown((t) => [t.customerId, t.customerName]),
      byDetectorKind: breakdown((t) => [t.kind, t.kind]),
      byRule: breakdown((t) => [t.ruleId ?? 'none', t.ruleName ?? 'no rule (manual, email or API)']),
      bySource: breakdown((t) => [t.source, t.source]),
    };
  }

  /** The overall figures and every breakdown, one row each: what a manager opens in a spreadsheet. */
  async casesCsv(q: CaseMetricsQuery): Promise<string> {
    const m = await this.cases(q);
    const row = (dimension: string, key: string, label: string, f: CaseMetrics) => [
      dimension,
      key,
      label,
      f.opened,
      f.closed,
      f.mttaSeconds.median,
      f.mttaSeconds.p90,
      f.mttrSeconds.median,
      f.mttrSeconds.p90,
      f.timeToDetectSeconds.median,
      f.timeToBlockSeconds.median,
      f.falsePositiveShare,
      f.exposure.fraudCost,
      f.exposure.acceptedCost,
      f.exposure.avoidedCost,
    ];
    return toCsv(
      [
        'dimension',
        'key',
        'label',
        'opened',
        'closed',
        'mtta_median_s',
        'mtta_p90_s',
        'mttr_median_s',
        'mttr_p90_s',
        'time_to_detect_median_s',
        'time_to_block_median_s',
        'false_positive_share',
        'fraud_cost',
        'accepted_cost',
        'avoided_cost',
      ],
      [
        row('all', 'all', `${m.from} to ${m.to}`, m),
        ...m.byCustomer.map((b) => row('customer', b.key, b.label, b)),
        ...m.byDetectorKind.map((b) => row('detector_kind', b.key, b.label, b)),
        ...m.byRule.map((b) => row('rule', b.key, b.label, b)),
        ...m.bySource.map((b) => row('source', b.key, b.label, b)),
      ],
    );
  }
}
