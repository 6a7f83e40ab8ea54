import { returnedRows, type Sql } from '../common/sql.js';

/** A due "do X at time T", as the handler of its kind receives it. */
export interface Timer<P = Record<string, unknown>> {
  id: string;
  kind: string;
  dueAt: Date;
  payload: P;
  dedupeKey: string | null;
  everySeconds: number | null;
  /** 1 on the first run; counts claims, so a run after a crash mid-handler says 2. */
  attempts: number;
}

export interface TimerSpec {
  kind: string;
  dueAt: Date;
  payload?: Record<string, unknown>;
  /** One pending timer per (kind, dedupeKey). */
  dedupeKey?: string;
  /** `replace` moves a pending timer with the same key; `keep` leaves it; `earliest` keeps the sooner. */
  onConflict?: 'replace' | 'keep' | 'earliest';
  everySeconds?: number;
}

interface TimerRow {
  id: string;
  kind: string;
  due_at: Date;
  payload: Record<string, unknown>;
  dedupe_key: string | null;
  every_seconds: number | null;
  attempts: number;
}

const toTimer = (r: TimerRow): Timer => ({
  id: r.id,
  kind: r.kind,
  dueAt: r.due_at,
  payload: r.payload,
  dedupeKey: r.dedupe_key,
  everySeconds: r.every_seconds,
  attempts: r.attempts,
});

/** The `timers` table's SQL, all of it. */
export const timerRows = {
  async insert(m: Sql, t: TimerSpec): Promise<string | null> {
    const onConflict = {
      keep: 'DO NOTHING',
      replace:
        'DO UPDATE SET due_at = EXCLUDED.due_at, payload = EXCLUDED.payload, every_seconds = EXCLUDED.every_seconds',
      earliest: 'DO UPDATE SET due_at = least(timers.due_at, EXCLUDED.due_at)',
    }[t.onConflict ?? 'replace'];
    const rows: { id: string }[] = await m.query(
      `INSERT INTO timers (kind, due_at, payload, dedupe_key, every_seconds) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (kind, dedupe_key) WHERE status = 'pending' ${onConflict}
       RETURNING id`,
      [t.kind, t.dueAt, JSON.stringify(t.payload ?? {}), t.dedupeKey ?? null, t.everySeconds ?? null],
    );
    return rows[0]?.id ?? null;
  },

  async cancel(m: Sql, kind: string, dedupeKey: string, now: Date): Promise<number> {
    const rows = returnedRows<{ id: string }>(
      await m.query(
        `UPDATE timers SET status = 'cancelled', done_at = $3, leased_until = NULL
        WHERE kind = $1 AND dedupe_key = $2 AND status = 'pending' RETURNING id`,
        [kind, dedupeKey, now],
      ),
    );
    return rows.length;
  },

  /** Leases due rows: a sweeper that dies mid-handler leaves them to be claimed again once the lease ends. */
  async claimDue(m: Sql, now: Date, limit: number, leaseSeconds: number): Promise<Timer[]> {
    const rows = returnedRows<TimerRow>(
      await m.query(
        `UPDATE timers SET attempts = attempts + 1, leased_until = $1::timestamptz + make_interval(secs => $3)
        WHERE id IN (SELECT id FROM timers
                      WHERE status = 'pending' AND due_at <= $1 AND (leased_until IS NULL OR leased_until <= $1)
                      ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
      RETURNING id, kind, due_at, payload, dedupe_key, every_seconds, attempts`,
        [now, limit, leaseSeconds],
      ),
    );
    return rows.map(toTimer).sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || Number(a.id) - Number(b.id));
  },

  /** Locks a claimed row for its run; false when another sweeper finished it or claimed it since. */
  async lockClaimed(m: Sql, t: Timer): Promise<boolean> {
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM timers WHERE id = $1 AND status = 'pending' AND attempts = $2 FOR UPDATE`,
      [t.id, t.attempts],
    );
    return rows.length === 1;
  },

  async complete(m: Sql, t: Timer, now: Date): Promise<void> {
    if (t.everySeconds) {
      await m.query(
        `UPDATE timers SET due_at = $2::timestamptz + make_interval(secs => every_seconds), attempts = 0,
                leased_until = NULL, last_error = NULL WHERE id = $1`,
        [t.id, now],
      );
    } else {
      await m.query(`UPDATE timers SET status = 'done', done_at = $2, leased_until = NULL WHERE id = $1`, [t.id, now]);
    }
  },

  async fail(m: Sql, t: Timer, now: Date, error: string, retryInSeconds: number, final: boolean): Promise<void> {
    await m.query(
      `UPDATE timers SET last_error = $3, leased_until = NULL,
              due_at = $2::timestamptz + make_interval(secs => $4),
              status = CASE WHEN $5 THEN 'failed' ELSE 'pending' END,
              done_at = CASE WHEN $5 THEN $2::timestamptz END
        WHERE id = $1 AND status = 'pending' AND attempts = $6`,
      [t.id, now, error.slice(0, 2000), retryInSeconds, final, t.attempts],
    );
  },

  async nextDue(m: Sql): Promise<Date | null> {
    const [r]: { due: Date | null }[] = await m.query(
      `SELECT min(greatest(due_at, coalesce(leased_until, due_at))) AS due FROM timers WHERE status = 'pending'`,
    );
    return r?.due ?? null;
  },

  /** Pending timers by kind (the Prometheus gauges). */
  async pendingByKind(m: Sql): Promise<{ kind: string; n: number }[]> {
    return m.query(`SELECT kind, count(*)::int AS n FROM timers WHERE status = 'pending' GROUP BY kind`);
  },
};
