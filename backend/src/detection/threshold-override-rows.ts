// The `threshold_overrides` table: a seat's or a group's own seat_threshold levels, written by an approved
// threshold-increase request (thresholds/). All its SQL.
import type { Sql } from '../common/sql.js';

export type OverrideLevel = 'seat' | 'group';

export interface ThresholdOverrideRow {
  customerId: string;
  /** Null: every seat_threshold rule. */
  ruleId: string | null;
  level: OverrideLevel;
  /** A seat's userId or a group's externalId. */
  subject: string;
  warn: number | null;
  block: number;
  requestId: string;
  appliedAt: Date;
}

export async function allOverrides(m: Sql): Promise<ThresholdOverrideRow[]> {
  return m.query(
    `SELECT customer_id AS "customerId", rule_id AS "ruleId", level, subject, warn, block,
            request_id AS "requestId", applied_at AS "appliedAt"
       FROM threshold_overrides`,
  );
}

/** One row per (customer, rule, level, subject): a later approval replaces an earlier one. */
export async function upsertOverrides(m: Sql, rows: ThresholdOverrideRow[]): Promise<void> {
  for (const r of rows) {
    await m.query(
      `INSERT INTO threshold_overrides (customer_id, rule_id, level, subject, warn, block, request_id, applied_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (customer_id, coalesce(rule_id, '00000000-0000-0000-0000-000000000000'::uuid), level, subject)
       DO UPDATE SET warn = EXCLUDED.warn, block = EXCLUDED.block, request_id = EXCLUDED.request_id,
                     applied_at = EXCLUDED.applied_at`,
      [r.customerId, r.ruleId, r.level, r.subject, r.warn, r.block, r.requestId, r.appliedAt],
    );
  }
}
