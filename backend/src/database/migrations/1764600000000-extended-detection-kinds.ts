import type { MigrationInterface, QueryRunner } from 'typeorm';

const OLD_EVENT_KINDS = `'threshold','baseline','first_traffic_ip','intl_failed_attempts','new_destination','max_rate',
  'seat_threshold','group_threshold','brute_force','carrier_alert','external'`;
const EVENT_KINDS = `${OLD_EVENT_KINDS},'spend_limit','distinct_destinations'`;
const RULE_KINDS = `'threshold','seat_threshold','intl_failed_attempts','distinct_destinations','max_rate',
  'spend_limit','first_traffic_ip','new_destination','baseline','brute_force'`;

/**
 * Every detector is a rule kind (docs/design.md §Detection); events gain the spend-limit and distinct-destination
 * kinds. A customer's detection settings gain its destination allow-list (countries and E.164 prefixes that
 * the destination-profile and price-cap detectors always pass).
 */
export class ExtendedDetectionKinds1764600000000 implements MigrationInterface {
  name = 'ExtendedDetectionKinds1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE tickets DROP CONSTRAINT tickets_kind_check,
        ADD CONSTRAINT tickets_kind_check CHECK (kind IN (${EVENT_KINDS}));
      ALTER TABLE detected_events DROP CONSTRAINT detected_events_kind_check,
        ADD CONSTRAINT detected_events_kind_check CHECK (kind IN (${EVENT_KINDS}));
      ALTER TABLE checklist_templates DROP CONSTRAINT checklist_templates_kind_check,
        ADD CONSTRAINT checklist_templates_kind_check CHECK (kind IN (${EVENT_KINDS}));
      ALTER TABLE detection_rules DROP CONSTRAINT detection_rules_kind_check,
        ADD CONSTRAINT detection_rules_kind_check CHECK (kind IN (${RULE_KINDS}));
      ALTER TABLE customer_detection_settings
        ADD COLUMN allow_countries text[] NOT NULL DEFAULT '{}',
        ADD COLUMN allow_prefixes text[] NOT NULL DEFAULT '{}';
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE customer_detection_settings DROP COLUMN allow_prefixes, DROP COLUMN allow_countries;
      ALTER TABLE detection_rules DROP CONSTRAINT detection_rules_kind_check,
        ADD CONSTRAINT detection_rules_kind_check CHECK (kind IN ('threshold'));
      ALTER TABLE checklist_templates DROP CONSTRAINT checklist_templates_kind_check,
        ADD CONSTRAINT checklist_templates_kind_check CHECK (kind IN (${OLD_EVENT_KINDS}));
      ALTER TABLE detected_events DROP CONSTRAINT detected_events_kind_check,
        ADD CONSTRAINT detected_events_kind_check CHECK (kind IN (${OLD_EVENT_KINDS}));
      ALTER TABLE tickets DROP CONSTRAINT tickets_kind_check,
        ADD CONSTRAINT tickets_kind_check CHECK (kind IN (${OLD_EVENT_KINDS}));
    `);
  }
}
