import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ticket page's observables ask which other cases name a seat, an IP, a number or a country. The detectors
 * write them under a handful of keys, as lists or single values; `event_observables(details)` flattens them to
 * `kind:value` tags (`ip:192.0.2.199`, `country:CU`), and a GIN index on it answers "which events name any of
 * these" in one index scan, however many values a case has. Keep the keys in step with cases/observables.ts.
 */
export class IndexedEventObservables1764761000000 implements MigrationInterface {
  name = 'IndexedEventObservables1764761000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION event_observables(d jsonb) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT coalesce(array_agg(DISTINCT k.kind || ':' || v.value), '{}')
          FROM (VALUES ('seat', 'seats'), ('seat', 'seat'),
                       ('sip_user', 'sipUsers'), ('sip_user', 'sipUser'), ('sip_user', 'sipUsername'),
                       ('group', 'groups'), ('group', 'group'),
                       ('ip', 'ips'), ('ip', 'ip'), ('ip', 'sourceIps'), ('ip', 'sourceIp'),
                       ('destination', 'destinations'), ('destination', 'destination'),
                       ('destination', 'numbers'), ('destination', 'number'),
                       ('country', 'countries'), ('country', 'country')) AS k(kind, key)
          CROSS JOIN LATERAL (
            SELECT btrim(x) FROM jsonb_array_elements_text(CASE WHEN jsonb_typeof(d -> k.key) = 'array'
                                                               THEN d -> k.key ELSE '[]' END) AS x
             UNION ALL
            SELECT btrim(d ->> k.key) WHERE jsonb_typeof(d -> k.key) = 'string'
          ) AS v(value)
         WHERE v.value <> ''
      $$;
      CREATE INDEX idx_event_observables ON detected_events USING gin (event_observables(details));
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX idx_event_observables; DROP FUNCTION event_observables(jsonb);`);
  }
}
