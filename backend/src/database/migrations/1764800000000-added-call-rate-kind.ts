import type { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_EVENT_KINDS = `'threshold','baseline','first_traffic_ip','intl_failed_attempts','new_destination','max_rate',
  'seat_threshold','group_threshold','brute_force','carrier_alert','external','spend_limit','distinct_destinations'`;
const EVENT_KINDS = `${OLD_EVENT_KINDS},'call_rate'`;
const OLD_RULE_KINDS = `'threshold','seat_threshold','intl_failed_attempts','distinct_destinations','max_rate',
  'spend_limit','first_traffic_ip','new_destination','baseline','brute_force'`;
const RULE_KINDS = `${OLD_RULE_KINDS},'call_rate'`;

/** Call attempts per second is a rule kind, and its events are a kind of their own (docs/design.md §Detection). */
export class AddedCallRateKind1764800000000 implements MigrationInterface {
  name = 'AddedCallRateKind1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(kinds(EVENT_KINDS, RULE_KINDS));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DELETE FROM detection_rules WHERE kind = 'call_rate';
      ${kinds(OLD_EVENT_KINDS, OLD_RULE_KINDS)}
    `);
  }
}

function kinds(events: string, rules: string): string {
  return `
    ALTER TABLE tickets DROP CONSTRAINT tickets_kind_check,
      ADD CONSTRAINT tickets_kind_check CHECK (kind IN (${events}));
    ALTER TABLE detected_events DROP CONSTRAINT detected_events_kind_check,
      ADD CONSTRAINT detected_events_kind_check CHECK (kind IN (${events}));
    ALTER TABLE checklist_templates DROP CONSTRAINT checklist_templates_kind_check,
      ADD CONSTRAINT checklist_templates_kind_check CHECK (kind IN (${events}));
    ALTER TABLE detection_rules DROP CONSTRAINT detection_rules_kind_check,
      ADD CONSTRAINT detection_rules_kind_check CHECK (kind IN (${rules}));`;
}
