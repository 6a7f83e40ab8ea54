// What became of the tickets each detection rule opened: the rule's record for the rules page.
import type { Sql } from '../common/sql.js';
import { caseOutcomes } from '../tickets/timeline-rows.js';
import { ticketsOpenedByRules } from './event-rows.js';

export interface RuleOutcomes {
  /** Tickets the rule opened (it raised their first event). */
  tickets: number;
  /** The case went through `source_removed`: the customer said the calls were fraud. */
  confirmedFraud: number;
  /** Through `charges_accepted`: the customer said the calls were theirs. */
  legitimate: number;
  /** The NOC dismissed it. */
  dismissed: number;
  /** No outcome yet. */
  open: number;
}

const NONE: RuleOutcomes = { tickets: 0, confirmedFraud: 0, legitimate: 0, dismissed: 0, open: 0 };

/** Outcome counts by rule id; every rule asked for is in the map. */
export async function ruleOutcomes(m: Sql, ruleIds: string[]): Promise<Map<string, RuleOutcomes>> {
  const opened = await ticketsOpenedByRules(m, ruleIds);
  const outcomes = await caseOutcomes(
    m,
    opened.map((o) => o.ticketId),
  );
  const byRule = new Map(ruleIds.map((id) => [id, { ...NONE }]));
  for (const { ruleId, ticketId } of opened) {
    const counts = byRule.get(ruleId)!;
    counts.tickets++;
    switch (outcomes.get(ticketId)) {
      case 'source_removed':
        counts.confirmedFraud++;
        break;
      case 'charges_accepted':
        counts.legitimate++;
        break;
      case 'dismissed':
        counts.dismissed++;
        break;
      case undefined:
        counts.open++;
    }
  }
  return byRule;
}

/** Legitimate and dismissed over every ticket with an outcome; null while none has one. */
export function falsePositiveShare(o: RuleOutcomes): number | null {
  const closed = o.confirmedFraud + o.legitimate + o.dismissed;
  return closed === 0 ? null : (o.legitimate + o.dismissed) / closed;
}
