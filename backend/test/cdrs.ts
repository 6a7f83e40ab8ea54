import type pg from 'pg';
import { expectStatus } from './expect-status.js';
import { twoCustomers } from './fixtures.js';
import { ADMIN, type TestApp } from './harness.js';

/** The header of the generic CSV the detection and enforcement specs import (the generic format reads it by name). */
export const HEADER =
  'Call ID,Start,Account,Source IP,SIP User,From,To,Answer,End,Duration,Billsec,Disposition,SIP Code,Cost';

export interface TestCdr {
  callId?: string;
  customerId: string;
  seatId?: string | null;
  accountCode?: string | null;
  sourceIp?: string | null;
  sipUser?: string | null;
  callerNumber?: string | null;
  calledNumber: string;
  calledE164?: string | null;
  startedAt: string;
  billsec: number;
  disposition?: string;
  country?: string | null;
  cost?: number | null;
}

let seq = 0;

/** UTC day partitions named like the importer's (`cdrs_YYYYMMDD`), created if missing. */
export async function ensureCdrPartitions(db: pg.Pool, isoTimes: string[]): Promise<void> {
  const days = [...new Set(isoTimes.map((t) => new Date(t).toISOString().slice(0, 10)))];
  for (const day of days) {
    const next = new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    await db.query(
      `CREATE TABLE IF NOT EXISTS cdrs_${day.replace(/-/g, '')} PARTITION OF cdrs FOR VALUES FROM ('${day}') TO ('${next}')`,
    );
  }
}

/** Inserts CDRs straight into the partitioned table; returns their ids (as strings, like the API). */
export async function insertCdrs(db: pg.Pool, rows: TestCdr[]): Promise<string[]> {
  await ensureCdrPartitions(
    db,
    rows.map((r) => r.startedAt),
  );
  const ids: string[] = [];
  for (const r of rows) {
    const ended = new Date(Date.parse(r.startedAt) + r.billsec * 1000).toISOString();
    const { rows: out } = await db.query(
      `INSERT INTO cdrs (call_id, customer_id, seat_id, account_code, source_ip, sip_user, caller_number, called_number,
                         called_e164, started_at, answered_at, ended_at, duration_sec, billsec, disposition, country, cost)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12, $12, $13, $14, $15) RETURNING id::text`,
      [
        r.callId ?? `test-call-${process.pid}-${++seq}`,
        r.customerId,
        r.seatId ?? null,
        r.accountCode ?? null,
        r.sourceIp ?? null,
        r.sipUser ?? null,
        r.callerNumber ?? null,
        r.calledNumber,
        r.calledE164 ?? r.calledNumber,
        r.startedAt,
        ended,
        r.billsec,
        r.disposition ?? (r.billsec > 0 ? 'ANSWERED' : 'NO ANSWER'),
        r.country ?? null,
        r.cost ?? null,
      ],
    );
    ids.push(out[0].id);
  }
  return ids;
}

/**
 * The two test customers, a technician and a Harborview customer user (Dana), and one CDR file imported as the
 * technician: the world of the call-record and usage specs. Answers the tokens, the customer ids and the report.
 */
export async function cdrWorld(t: TestApp, csv: string) {
  const admin = await t.login(ADMIN.email, ADMIN.password);
  expectStatus(await t.api('POST', '/api/customers/import', { token: admin, body: twoCustomers() }), 200);
  const list = expectStatus(await t.api('GET', '/api/customers', { token: admin }), 200);
  const idOf = (code: string): string =>
    list.body.items.find((c: { accountCode: string }) => c.accountCode === code).id;
  const harbId = idOf('HARB009');
  const acmeId = idOf('ACME01');
  for (const [email, role, customerId] of [
    ['tech@test.local', 'technician', undefined],
    ['dana@test.local', 'customer', harbId],
  ]) {
    const user = { email, password: 'a-long-password-1', name: email, role, customerId };
    expectStatus(await t.api('POST', '/api/users', { token: admin, body: user }), 201);
  }
  const tech = await t.login('tech@test.local', 'a-long-password-1');
  const dana = await t.login('dana@test.local', 'a-long-password-1');
  const imported = await t.api('POST', '/api/cdrs/import', {
    token: tech,
    raw: csv,
    headers: { 'content-type': 'text/csv' },
  });
  return { harbId, acmeId, tech, dana, report: expectStatus(imported, 201).body };
}
