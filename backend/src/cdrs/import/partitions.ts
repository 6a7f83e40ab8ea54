import type { DataSource } from 'typeorm';

const DAY_MS = 86_400_000;
/** Creating a partition costs a commit and a few fsyncs; files usually run forward in time. */
export const PARTITIONS_AHEAD = 7;

/** `cdrs_YYYYMMDD` for a UTC day counted from the epoch. */
export const partitionName = (epochDay: number) =>
  `cdrs_${new Date(epochDay * DAY_MS).toISOString().slice(0, 10).replace(/-/g, '')}`;

/** The days to create for rows on `days`: each missing day and the week that follows it, less the known ones. */
export function daysToCreate(days: Iterable<number>, known: ReadonlySet<string>): number[] {
  const wanted = new Set<number>();
  for (const d of days) {
    if (known.has(partitionName(d))) continue;
    for (let i = 0; i < PARTITIONS_AHEAD; i++) wanted.add(d + i);
  }
  return [...wanted].filter((d) => !known.has(partitionName(d))).sort((a, b) => a - b);
}

/**
 * The daily (UTC) partitions of `cdrs` one import knows exist. Missing ones are created a week at a time
 * in a short transaction of their own, so the import never holds DDL locks while it loads.
 */
export class CdrPartitions {
  private constructor(
    private readonly db: DataSource,
    private readonly known: Set<string>,
  ) {}

  static async load(db: DataSource): Promise<CdrPartitions> {
    const parts: { relname: string }[] = await db.query(
      `SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'cdrs'::regclass`,
    );
    return new CdrPartitions(db, new Set(parts.map((p) => p.relname)));
  }

  /** Makes sure every row's day has its partition. */
  async ensure(rows: readonly { startMs: number }[]): Promise<void> {
    const days = new Set<number>();
    for (const r of rows) days.add(Math.floor(r.startMs / DAY_MS));
    const missing = daysToCreate(days, this.known);
    if (!missing.length) return;
    await ensureCdrPartitions(this.db, missing);
    for (const d of missing) this.known.add(partitionName(d));
  }
}

/**
 * Creates the UTC-day partitions `cdrs_YYYYMMDD` (days since the epoch) that do not exist yet, in one
 * short transaction of their own, so an import never holds DDL locks while it loads (safe under concurrency).
 */
export async function ensureCdrPartitions(db: DataSource, epochDays: number[]): Promise<void> {
  if (!epochDays.length) return;
  await db.transaction(async (m) => {
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('cdr-partitions'))`);
    const names = epochDays.map(partitionName);
    const existing = new Set(
      (await m.query(`SELECT relname FROM pg_class WHERE relname = ANY($1)`, [names])).map(
        (r: { relname: string }) => r.relname,
      ),
    );
    for (const d of epochDays) {
      if (existing.has(partitionName(d))) continue;
      const from = new Date(d * DAY_MS).toISOString().slice(0, 10);
      const to = new Date((d + 1) * DAY_MS).toISOString().slice(0, 10);
      await m.query(
        `CREATE TABLE ${partitionName(d)} PARTITION OF cdrs FOR VALUES FROM ('${from} 00:00:00+00') TO ('${to} 00:00:00+00')`,
      );
    }
  });
}
