import type { MigrationInterface, QueryRunner } from 'typeorm';

const CARIBBEAN = 'Caribbean seat and group thresholds';
const INTERNATIONAL = 'International seat and group thresholds';

/**
 * The upstream carriers' seat and group thresholds as two global live rules (docs/design.md §Detection):
 * Caribbean NANP user 8 warn / 15 block and group 50 / 100, international user 6 / 10 and group 25 / 50, per
 * hour. Admins edit them, or override them for one customer with a customer rule of the same destinations.
 */
export class SeededSeatThresholdRules1764640000000 implements MigrationInterface {
  name = 'SeededSeatThresholdRules1764640000000';

  async up(q: QueryRunner): Promise<void> {
    const rule = (name: string, params: object) =>
      q.query(
        `INSERT INTO detection_rules (name, kind, scope, mode, enabled, params)
         VALUES ($1, 'seat_threshold', 'global', 'live', true, $2::jsonb)`,
        [name, JSON.stringify(params)],
      );
    await rule(CARIBBEAN, {
      destinations: 'caribbean',
      window: { minutes: 60 },
      seat: { warn: 8, block: 15 },
      group: { warn: 50, block: 100 },
    });
    await rule(INTERNATIONAL, {
      destinations: 'international',
      window: { minutes: 60 },
      seat: { warn: 6, block: 10 },
      group: { warn: 25, block: 50 },
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `DELETE FROM detection_rules
        WHERE kind = 'seat_threshold' AND scope = 'global' AND created_by IS NULL AND name = ANY($1::text[])`,
      [[CARIBBEAN, INTERNATIONAL]],
    );
  }
}
