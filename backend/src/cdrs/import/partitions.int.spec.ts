import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../test/harness.js';
import { CdrPartitions, PARTITIONS_AHEAD, ensureCdrPartitions } from './partitions.js';

const ms = (iso: string) => Date.parse(iso);
const day = (iso: string) => Math.floor(ms(iso) / 86_400_000);

describe(CdrPartitions.name, () => {
  let t: TestApp;
  let db: DataSource;

  /** The partitions named like `like`, with their bounds printed in UTC. */
  const partitions = async (like: string) => {
    const c = await t.db.connect();
    try {
      await c.query(`SET TimeZone = 'UTC'`);
      const { rows } = await c.query(
        `SELECT c.relname AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i
           JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'cdrs'::regclass AND c.relname LIKE $1 ORDER BY 1`,
        [like],
      );
      return rows as { name: string; bound: string }[];
    } finally {
      c.release();
    }
  };

  beforeAll(async () => {
    t = await createTestApp();
    db = t.app.get(DataSource);
  });
  afterAll(() => t.close());

  it('creates the week from the first missing day, each partition one UTC day', async () => {
    const sut = await CdrPartitions.load(db);
    await sut.ensure([{ startMs: ms('2031-03-02T23:59:59Z') }, { startMs: ms('2031-03-02T00:00:00Z') }]);
    const made = await partitions('cdrs_203103%');
    expect(made.map((p) => p.name)).toEqual([
      'cdrs_20310302',
      'cdrs_20310303',
      'cdrs_20310304',
      'cdrs_20310305',
      'cdrs_20310306',
      'cdrs_20310307',
      'cdrs_20310308',
    ]);
    expect(made).toHaveLength(PARTITIONS_AHEAD);
    expect(made[0].bound).toBe(`FOR VALUES FROM ('2031-03-02 00:00:00+00') TO ('2031-03-03 00:00:00+00')`);
  });

  it('leaves existing partitions alone, also when two imports race for the same days', async () => {
    const [a, b] = await Promise.all([CdrPartitions.load(db), CdrPartitions.load(db)]);
    const rows = [{ startMs: ms('2031-04-10T12:00:00Z') }];
    await Promise.all([a.ensure(rows), b.ensure(rows), ensureCdrPartitions(db, [day('2031-04-10')])]);
    await a.ensure(rows);
    expect(await partitions('cdrs_203104%')).toHaveLength(PARTITIONS_AHEAD);
  });
});
