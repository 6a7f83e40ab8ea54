// The `detection_rules` and `customer_detection_settings` tables: every read and write of them is here.
import type { Sql } from '../common/sql.js';
import { returnedRows } from '../common/sql.js';
import {
  type AlertContact,
  type AlertSeverity,
  type BaselineJurisdiction,
  DEFAULT_ALERT_SEVERITY,
  type DetectionRule,
  type DetectionSettings,
  type RuleKind,
  type RuleMode,
  type RuleParams,
  type RuleScope,
} from './rule-model.js';

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
  await saveDetectionSettings(m, customerId, { detectionDisabled: disabled });
}

const SETTINGS_COLUMNS = `customer_id AS "customerId", detection_disabled AS "detectionDisabled",
  allow_countries AS "allowCountries", allow_prefixes AS "allowPrefixes", alert_contacts AS "contacts",
  alert_min_severity AS "minSeverity", alert_opt_outs AS "optOuts", snoozed_until AS "snoozedUntil"`;

interface SettingsRow {
  customerId: string;
  detectionDisabled: boolean;
  allowCountries: string[];
  allowPrefixes: string[];
  contacts: AlertContact[];
  minSeverity: AlertSeverity;
  optOuts: BaselineJurisdiction[];
  snoozedUntil: Date | null;
}

const toSettings = (r: SettingsRow): DetectionSettings => ({
  customerId: r.customerId,
  detectionDisabled: r.detectionDisabled,
  destinationAllowList: { countries: r.allowCountries, prefixes: r.allowPrefixes },
  alerts: { contacts: r.contacts, minSeverity: r.minSeverity, optOuts: r.optOuts, snoozedUntil: r.snoozedUntil },
});

/**
 * The full detection settings of each customer asked for (the defaults for one that never changed them): what
 * the detectors honour (detection disabled, the destination allow-list, opt-outs, snooze) and whom alerts reach.
 */
export async function detectionSettings(
  m: Sql,
  customerIds: readonly string[],
): Promise<Map<string, DetectionSettings>> {
  const out = new Map<string, DetectionSettings>(customerIds.map((id) => [id, defaultDetectionSettings(id)]));
  if (!customerIds.length) return out;
  const rows: SettingsRow[] = await m.query(
    `SELECT ${SETTINGS_COLUMNS} FROM customer_detection_settings WHERE customer_id = ANY($1::uuid[])`,
    [customerIds],
  );
  for (const r of rows) out.set(r.customerId, toSettings(r));
  return out;
}

/** The settings of a customer that never changed them. */
export function defaultDetectionSettings(customerId: string): DetectionSettings {
  return {
    customerId,
    detectionDisabled: false,
    destinationAllowList: { countries: [], prefixes: [] },
    alerts: { contacts: [], minSeverity: DEFAULT_ALERT_SEVERITY, optOuts: [], snoozedUntil: null },
  };
}

export interface DetectionSettingsChange {
  detectionDisabled?: boolean;
  allowCountries?: string[];
  allowPrefixes?: string[];
  contacts?: AlertContact[];
  minSeverity?: AlertSeverity;
  optOuts?: BaselineJurisdiction[];
  /** `null` ends a snooze; absent leaves it. */
  snoozedUntil?: Date | null;
}

/** Applies the given fields (a row is created with the defaults for the rest); answers the settings after. */
export async function saveDetectionSettings(
  m: Sql,
  customerId: string,
  c: DetectionSettingsChange,
): Promise<DetectionSettings> {
  const [row]: SettingsRow[] = await m.query(
    `INSERT INTO customer_detection_settings AS s (customer_id, detection_disabled, allow_countries, allow_prefixes,
            alert_contacts, alert_min_severity, alert_opt_outs, snoozed_until)
     VALUES ($1, coalesce($2::boolean, false), coalesce($3::text[], '{}'), coalesce($4::text[], '{}'),
             coalesce($5::jsonb, '[]'), coalesce($6::text, '${DEFAULT_ALERT_SEVERITY}'), coalesce($7::text[], '{}'),
             CASE WHEN $8::boolean THEN $9::timestamptz END)
     ON CONFLICT (customer_id) DO UPDATE SET
       detection_disabled = coalesce($2::boolean, s.detection_disabled),
       allow_countries = coalesce($3::text[], s.allow_countries),
       allow_prefixes = coalesce($4::text[], s.allow_prefixes),
       alert_contacts = coalesce($5::jsonb, s.alert_contacts),
       alert_min_severity = coalesce($6::text, s.alert_min_severity),
       alert_opt_outs = coalesce($7::text[], s.alert_opt_outs),
       snoozed_until = CASE WHEN $8::boolean THEN $9::timestamptz ELSE s.snoozed_until END,
       updated_at = now()
     RETURNING ${SETTINGS_COLUMNS}`,
    [
      customerId,
      c.detectionDisabled ?? null,
      c.allowCountries ?? null,
      c.allowPrefixes ?? null,
      c.contacts ? JSON.stringify(c.contacts) : null,
      c.minSeverity ?? null,
      c.optOuts ?? null,
      c.snoozedUntil !== undefined,
      c.snoozedUntil ?? null,
    ],
  );
  return toSettings(row);
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

export interface CustomerRef {
  id: string;
  accountCode: string;
  name: string;
  timezone: string;
}

/** Every customer with its time zone (the baseline detector's round), by account code. */
export function allCustomers(m: Sql): Promise<CustomerRef[]> {
  return m.query(`SELECT id, account_code AS "accountCode", name, timezone FROM customers ORDER BY account_code, id`);
}

export async function customerById(m: Sql, customerId: string): Promise<CustomerRef | null> {
  const [row]: CustomerRef[] = await m.query(
    `SELECT id, account_code AS "accountCode", name, timezone FROM customers WHERE id = $1`,
    [customerId],
  );
  return row ?? null;
}
