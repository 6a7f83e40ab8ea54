import pg from 'pg';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/harness.js';
import { dataSourceOptions } from './data-source.js';
import { runMigrations } from './migrate.js';
import { MigrationRefusedError } from './migration-refused.js';

/** A database as it was before `name` ran: every later migration undone through TypeORM. */
async function undoThrough(url: string, name: string): Promise<void> {
  const ds = new DataSource(dataSourceOptions(url));
  await ds.initialize();
  try {
    for (;;) {
      const [last] = await ds.query(`SELECT name FROM migrations ORDER BY id DESC LIMIT 1`);
      await ds.undoLastMigration({ transaction: 'each' });
      if (last.name === name) return;
    }
  } finally {
    await ds.destroy();
  }
}

describe('FoldedAccountCodes1764200000000 on an existing database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: pg.Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    await undoThrough(database.url, 'FoldedAccountCodes1764200000000');
    db = new pg.Pool({ connectionString: database.url, max: 2 });
  });
  afterAll(async () => {
    await db.end();
    await database.drop();
  });

  it('refuses codes that differ only in case, listing them, and changes nothing; runs once they are fixed', async () => {
    const { rows } = await db.query(
      `INSERT INTO customers (name, account_code, timezone) VALUES
         ('Case X Telecom', 'CASEX', 'UTC'), ('Lowercase Co', 'casex', 'UTC'), ('Mixed Co', 'CaseX', 'UTC'),
         ('Acme', 'ACME01', 'UTC'), ('acme lower', 'acme01', 'UTC'), ('Solo', 'SOLO1', 'UTC')
       RETURNING id, account_code`,
    );
    const id = (code: string) => rows.find((r) => r.account_code === code).id;

    const failure = await runMigrations(database.url).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(MigrationRefusedError);
    const message = (failure as Error).message;
    expect(message).toContain('2 of them are held by more than one customer');
    expect(message).toContain(`acme01: ACME01 (customer ${id('ACME01')}, "Acme"), acme01 (customer ${id('acme01')}`);
    expect(message).toContain(`casex: CASEX (customer ${id('CASEX')}, "Case X Telecom")`);
    expect(message).toContain(`CaseX (customer ${id('CaseX')}, "Mixed Co")`);
    expect(message).toContain(`casex (customer ${id('casex')}, "Lowercase Co")`);
    expect(message).not.toContain('SOLO1');
    // Nothing changed: the codes are as they were, and the migration is still pending.
    const after = await db.query(`SELECT account_code FROM customers ORDER BY account_code`);
    expect(after.rows.map((r) => r.account_code)).toEqual(['ACME01', 'CASEX', 'CaseX', 'SOLO1', 'acme01', 'casex']);
    const applied = await db.query(`SELECT 1 FROM migrations WHERE name = 'FoldedAccountCodes1764200000000'`);
    expect(applied.rowCount).toBe(0);

    await db.query(`UPDATE customers SET account_code = 'CASEX2' WHERE id = $1`, [id('casex')]);
    await db.query(`UPDATE customers SET account_code = 'CASEX3' WHERE id = $1`, [id('CaseX')]);
    await db.query(`UPDATE customers SET account_code = 'ACME02' WHERE id = $1`, [id('acme01')]);
    expect(await runMigrations(database.url)).toContain('FoldedAccountCodes1764200000000');
    await expect(
      db.query(`INSERT INTO customers (name, account_code, timezone) VALUES ('x', 'solo1', 'UTC')`),
    ).rejects.toMatchObject({ code: '23505', constraint: 'uq_customer_account_code_folded' });
  });
});

describe('ExcludedSharedCustomerIps1764200001000 on an existing database', () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  let db: pg.Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    await undoThrough(database.url, 'ExcludedSharedCustomerIps1764200001000');
    db = new pg.Pool({ connectionString: database.url, max: 2 });
  });
  afterAll(async () => {
    await db.end();
    await database.drop();
  });

  it('refuses ranges shared between customers, listing both sides, and changes nothing; runs once they are fixed', async () => {
    const { rows } = await db.query(
      `INSERT INTO customers (name, account_code, timezone) VALUES
         ('Harborview', 'HARB009', 'UTC'), ('Thief', 'THIEF1', 'UTC'), ('Mapped', 'MAPPED1', 'UTC')
       RETURNING id, account_code`,
    );
    const id = (code: string) => rows.find((r) => r.account_code === code).id;
    await db.query(
      `INSERT INTO customer_ips (customer_id, cidr) VALUES
         ($1, '203.0.113.10/32'), ($1, '198.51.100.0/28'), ($2, '203.0.113.0/24'),
         ($3, '::ffff:198.51.100.7/128'), ($3, '::ffff:192.0.2.0/120'), ($3, '192.0.2.0/24')`,
      [id('HARB009'), id('THIEF1'), id('MAPPED1')],
    );

    const failure = await runMigrations(database.url).then(
      () => null,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(MigrationRefusedError);
    const lines = (failure as Error).message.split('\n');
    expect(lines[0]).toBe('an IP address now belongs to one customer, but 2 range(s) are shared between customers:');
    // The IPv4-mapped address counts as the IPv4 address it is.
    expect(lines.slice(1, 3).sort()).toEqual(
      [
        expect.stringMatching(
          /198\.51\.100\.0\/28 of customer HARB009 .* overlaps 198\.51\.100\.7\/32 of customer MAPPED1|198\.51\.100\.7\/32 of customer MAPPED1 .* overlaps 198\.51\.100\.0\/28 of customer HARB009/,
        ),
        expect.stringMatching(
          /203\.0\.113\.(10\/32 of customer HARB009 .* overlaps 203\.0\.113\.0\/24 of customer THIEF1|0\/24 of customer THIEF1 .* overlaps 203\.0\.113\.10\/32 of customer HARB009)/,
        ),
      ].sort(),
    );
    const unchanged = await db.query(`SELECT cidr::text FROM customer_ips WHERE customer_id = $1 ORDER BY cidr`, [
      id('MAPPED1'),
    ]);
    expect(unchanged.rows.map((r) => r.cidr)).toEqual([
      '192.0.2.0/24',
      '::ffff:192.0.2.0/120',
      '::ffff:198.51.100.7/128',
    ]);

    await db.query(`DELETE FROM customer_ips WHERE customer_id = $1`, [id('THIEF1')]);
    await db.query(`DELETE FROM customer_ips WHERE customer_id = $1 AND cidr = '198.51.100.0/28'`, [id('HARB009')]);
    expect(await runMigrations(database.url)).toContain('ExcludedSharedCustomerIps1764200001000');
    // Mapped ranges are stored as IPv4; the duplicate of 192.0.2.0/24 is folded into it.
    const normalised = await db.query(`SELECT cidr::text FROM customer_ips WHERE customer_id = $1 ORDER BY cidr`, [
      id('MAPPED1'),
    ]);
    expect(normalised.rows.map((r) => r.cidr)).toEqual(['192.0.2.0/24', '198.51.100.7/32']);
    await expect(
      db.query(`INSERT INTO customer_ips (customer_id, cidr) VALUES ($1, '192.0.2.128/25')`, [id('HARB009')]),
    ).rejects.toMatchObject({ code: '23P01', constraint: 'ex_customer_ip_overlap' });
  });
});
