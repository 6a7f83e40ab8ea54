// The `detection_rules` and `customer_detection_settings` tables: every read and write of them is here.
import type { Sql } from '../common/sql.js';
import { returnedRows } from '../common/sql.js';
import type { DetectionRule, RuleKind, RuleMode, RuleParams, RuleScope } from './rule-model.js';

const RULE_COLUMNS = `id, name, kind, scope, customer_id AS "customerId", mode, enabled, params,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

export interface NewRule {
  name: string;
  kind: RuleKind;
  scope: RuleScope;
  customerId: string | null;
  mode: RuleMode;
  enabled: boolean;
  params: RuleParams;
  createdBy: string | null;
}

export async function insertRule(m: Sql, r: NewRule): Promise<DetectionRule> {
  const [row]: DetectionRule[] = await m.query(
    `INSERT INTO detection_rules (name, kind, scope, customer_id, mode, enabled, params, created_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${RULE_COLUMNS}`,
    [r.name, r.kind, r.scope, r.customerId, r.mode, r.enabled, JSON.stringify(r.params), r.createdBy],
  );
  return row;
}

export interface RuleChange {
  name?: string;
  mode?: RuleMode;
  enabled?: boolean;
  params?: RuleParams;
}

/** Applies the given fields; null when there is no such rule. */
export async function updateRule(m: Sql, id: string, c: RuleChange): Promise<DetectionRule | null> {
  const rows = returnedRows<DetectionRule>(
    await m.query(
      `UPDATE detection_rules
          SET name = coalesce($2, name), mode = coalesce($3, mode), enabled = coalesce($4, enabled),
              params = coalesce($5::jsonb, params), updated_at = now()
        WHERE id = $1 RETURNING ${RULE_COLUMNS}`,
      [id, c.name ?? null, c.mode ?? null, c.enabled ?? null, c.params ? JSON.stringify(c.params) : null],
    ),
  );
  return rows[0] ?? null;
}

export async function ruleById(m: Sql, id: string): Promise<DetectionRule | null> {
  const [row]: DetectionRule[] = await m.query(`SELECT ${RULE_COLUMNS} FROM detection_rules WHERE id = $1`, [id]);
  return row ?? null;
}

/** Every rule, global first, then by name. */
export function allRules(m: Sql): Promise<DetectionRule[]> {
  return m.query(`SELECT ${RULE_COLUMNS} FROM detection_rules ORDER BY scope DESC, name, id`);
}

/** The enabled rules of one kind, global and per customer: what a detector evaluates. */
export function enabledRules<K extends RuleKind>(m: Sql, kinds: K | readonly K[]): Promise<DetectionRule<K>[]> {
  return m.query(`SELECT ${RULE_COLUMNS} FROM detection_rules WHERE enabled AND kind = ANY($1::text[])`, [
    Array.isArray(kinds) ? kinds : [kinds],
  ]);
}

/** Of these customers, those with detection disabled. */
export async function detectionDisabled(m: Sql, customerIds: readonly string[]): Promise<Set<string>> {
  if (!customerIds.length) return new Set();
  const rows: { id: string }[] = await m.query(
    `SELECT customer_id AS id FROM customer_detection_settings
      WHERE customer_id = ANY($1::uuid[]) AND detection_disabled`,
    [customerIds],
  );
  return new Set(rows.map((r) => r.id));
}

export async function setDetectionDisabled(m: Sql, customerId: string, disabled: boolean): Promise<void> {
  await m.query(
    `INSERT INTO customer_detection_settings (customer_id, detection_disabled) VALUES ($1, $2)
     ON CONFLICT (customer_id) DO UPDATE SET detection_disabled = $2, updated_at = now()`,
    [customerId, disabled],
  );
}

/** A customer as the detectors see it, with its detection settings. */
export interface CustomerDetectionContext {
  customerId: string;
  accountCode: string;
  timeZone: string;
  detectionDisabled: boolean;
  allowCountries: string[];
  allowPrefixes: string[];
}

/** The customers' names, zones and detection settings (defaults when they have no settings row). */
export async function customerContexts(
  m: Sql,
  customerIds: readonly string[],
): Promise<Map<string, CustomerDetectionContext>> {
  if (!customerIds.length) return new Map();
  const rows: CustomerDetectionContext[] = await m.query(
    `SELECT c.id AS "customerId", c.account_code AS "accountCode", c.timezone AS "timeZone",
            coalesce(s.detection_disabled, false) AS "detectionDisabled",
            coalesce(s.allow_countries, '{}') AS "allowCountries", coalesce(s.allow_prefixes, '{}') AS "allowPrefixes"
       FROM customers c LEFT JOIN customer_detection_settings s ON s.customer_id = c.id
      WHERE c.id = ANY($1::uuid[])`,
    [customerIds],
  );
  return new Map(rows.map((r) => [r.customerId, r]));
}

// The customers table has no rows module yet (docs/architecture.md, "Not there yet"): detection reads it here.

/** Account codes by customer id, to name customers in event summaries. */
export async function accountCodes(m: Sql, customerIds: readonly string[]): Promise<Map<string, string>> {
  if (!customerIds.length) return new Map();
  const rows: { id: string; code: string }[] = await m.query(
    `SELECT id, account_code AS code FROM customers WHERE id = ANY($1::uuid[])`,
    [customerIds],
  );
  return new Map(rows.map((r) => [r.id, r.code]));
}

export async function customerExists(m: Sql, customerId: string): Promise<boolean> {
  const rows = await m.query(`SELECT 1 FROM customers WHERE id = $1`, [customerId]);
  return rows.length > 0;
}
