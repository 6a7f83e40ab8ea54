import pg from 'pg';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/harness.js';
import { dataSourceOptions } from './data-source.js';
import { runMigrations } from './migrate.js';

const NAME = 'AddedRestrictionSources1764400000000';

describe(`${NAME} on an existing database`, () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: pg.Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    const ds = new DataSource(dataSourceOptions(database.url));
    await ds.initialize();
    try {
      for (;;) {
        const [last] = await ds.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`);
        await ds.undoLastMigration({ transaction: 'each' });
        if (last.name === NAME) break;
      }
    } finally {
      await ds.destroy();
    }
    db = new pg.Pool({ connectionString: database.url, max: 2 });
  });
  afterAll(async () => {
    await db.end();
    await database.drop();
  });

  it('names each stored restriction by the ticket that placed it, as the blocklist did', async () => {
    const [customer] = (
      await db.query(
        `INSERT INTO customers (name, account_code, timezone) VALUES ('Acme', 'ACME01', 'UTC') RETURNING id`,
      )
    ).rows;
    const tickets = await db.query(
      `INSERT INTO tickets (number, customer_id, title, kind, severity, dedupe_key, state, escalation, snapshot)
       SELECT n, $1, 't', 'external', 'urgent', 'k' || n, 'restricted', 'idle', '{}' FROM unnest($2::bigint[]) AS n
       RETURNING id, number`,
      [customer.id, [7, 1234567]],
    );
    for (const t of tickets.rows) {
      await db.query(
        `INSERT INTO restrictions (ticket_id, customer_id, kind, value, created_by_name) VALUES ($1, $2, 'destination', '+53', 'x')`,
        [t.id, customer.id],
      );
    }

    expect(await runMigrations(database.url)).toContain(NAME);
    const { rows } = await db.query(`SELECT source FROM restrictions ORDER BY seq`);
    expect(rows.map((r) => r.source)).toEqual(['FRD-000007', 'FRD-1234567']);
  });
});
