import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, openCase } from '../../test/cases.js';
import { insertCdrs } from '../../test/cdrs.js';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { csvField } from '../common/csv.js';
import { INTERNAL_WORDS } from '../common/customer-words.js';

const run = promisify(execFile);

describe('ticket evidence: CSV and PDF (real PostgreSQL)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let id: string;
  let dir: string;

  /** Downloads the report as `token` and reads it back with pdftotext -layout. */
  const pdfText = async (token: string): Promise<string> => {
    const res = await fetch(`${t.baseUrl}/api/tickets/${id}/report.pdf`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const file = path.join(dir, `${Math.random()}.pdf`);
    await writeFile(file, Buffer.from(await res.arrayBuffer()));
    return (await run('/usr/bin/pdftotext', ['-layout', file, '-'])).stdout;
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tollgate-pdf-'));
    t = await createTestApp({ OPERATOR_NAME: 'Harbour Telecom NOC', OPERATOR_CONTACT: 'noc@harbour.example' });
    w = await caseWorld(t);
    const seatId = w.seats['6175550142@harborview.voip.example.net'];
    const cdrIds = await insertCdrs(t.db, [
      {
        customerId: w.harbId,
        seatId,
        callerNumber: '+16175550142',
        calledNumber: '+5321550101',
        startedAt: '2025-05-14T10:00:00Z',
        billsec: 300,
        country: 'CU',
        cost: 6.15,
      },
      {
        customerId: w.harbId,
        seatId,
        callerNumber: '+16175550142',
        calledNumber: '+5321550102',
        startedAt: '2025-05-14T10:07:00Z',
        billsec: 240,
        country: 'CU',
        cost: 4.92,
      },
      {
        customerId: w.harbId,
        callerNumber: '+16175550143',
        calledNumber: '+18765550177',
        startedAt: '2025-05-15T01:00:00Z',
        billsec: 60,
        country: 'JM',
        cost: 0.45,
      },
    ]);
    id = await openCase(t, w.tech, {
      summary: 'International calls above the block threshold',
      evidence: { cdrIds },
    });
    expectStatus(
      await act(t, w.tech, id, 'RESTRICT', { restrictions: [{ kind: 'destination', value: '+5321' }] }),
      200,
    );
    // The customer's PDF must leave these out: they must exist for that to mean anything.
    const note = { body: 'INTERNAL-NOTE: reseller account, handle with care', visibility: 'internal' };
    expectStatus(await t.api('POST', `/api/tickets/${id}/notes`, { token: w.tech, body: note }), 201);
    const { checklist } = expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.tech }), 200).body;
    const finding = { checked: true, finding: 'FINDING-Yealink T46 at the front desk' };
    const item = `/api/tickets/${id}/checklist/${checklist[1].id}`;
    expectStatus(await t.api('PATCH', item, { token: w.tech, body: finding }), 200);
  });
  afterAll(async () => {
    await t.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('CSV: a header row and every linked CDR', async () => {
    const r = await t.api('GET', `/api/tickets/${id}/cdrs.csv`, { token: w.harbUser });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    expect(r.headers.get('content-disposition')).toMatch(/^attachment; filename="?FRD-\d{6}-cdrs\.csv"?$/);
    const lines = (r.body as string).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'call_id,started_at,caller_number,called_number,called_e164,country,source_ip,sip_user,billsec,disposition,cost',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(',2025-05-14T10:00:00.000Z,+16175550142,+5321550101,+5321550101,CU,,,300,ANSWERED,6.15');
  });

  it('PDF for the NOC: customer, number, exposure, restrictions, destinations, calls, findings, full timeline', async () => {
    const text = await pdfText(w.tech);
    const number = expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.tech }), 200).body.number;
    expect(text).toContain(number);
    expect(text).toContain('Harborview Logistics (account HARB009)');
    expect(text).toContain('State: restricted');
    expect(text).toContain('Exposure: 3 calls, 10.00 minutes, $11.52');
    expect(text).toMatch(/destination\s+\+5321\s+active/);
    expect(text).toMatch(/Cuba \(\+53\)\s+2\s+9\.00\s+\$11\.07/);
    expect(text).toMatch(/Jamaica \(\+1\)\s+1\s+1\.00\s+\$0\.45/);
    // Calls, with times in the customer's zone (America/New_York).
    expect(text).toMatch(
      /2025-05-14 06:00:00\s+\+16175550142\s+\+5321550101\s+Cuba \(\+53\)\s+300\s+ANSWERED\s+\$6\.15/,
    );
    expect(text).toMatch(/2025-05-14 21:00:00\s+\+16175550143\s+\+18765550177\s+Jamaica \(\+1\)\s+60/);
    expect(text).toContain('FINDING-Yealink T46 at the front desk');
    expect(text).toContain('INTERNAL-NOTE');
    expect(text).toContain('RESTRICT (detected -> restricted) by tech user');
  });

  it('PDF for the customer: the same calls in plain words under the letterhead, no internal notes or checklist', async () => {
    const text = await pdfText(w.harbUser);
    expect(text).toContain('+5321550102');
    expect(text).toContain('Harbour Telecom NOC');
    expect(text).toContain('noc@harbour.example');
    expect(text).toMatch(/Page 1 of \d/);
    expect(text).toContain('Status: Calls blocked — waiting for your review');
    expect(text).toContain('Calls blocked to stop the fraud');
    expect(text).toContain('calls to numbers starting +5321 (Cuba)');
    for (const word of INTERNAL_WORDS) expect(text, word).not.toContain(word);
    expect(text).not.toContain('International calls above the block threshold');
    expect(text).not.toContain('INTERNAL-NOTE');
    expect(text).not.toContain('FINDING');
    expect(text).not.toContain('Checklist');
  });

  it("PDF: the NOC's copy says why an IP outside the customer's inventory was blocked; the customer's does not", async () => {
    const ip = { kind: 'ip', value: '192.0.2.150', reason: 'REASON-SIP scanner seen in the failed attempts' };
    const version = expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.tech }), 200).body.version;
    expectStatus(
      await t.api('POST', `/api/tickets/${id}/events`, {
        token: w.tech,
        body: { type: 'RESTRICT', version, restrictions: [ip] },
      }),
      200,
    );
    const noc = await pdfText(w.tech);
    expect(noc).toMatch(/ip\s+192\.0\.2\.150\/32\s+active/);
    // The cell wraps in its column: read the words in order.
    expect(noc.replace(/\s+/g, ' ')).toContain('Reason: REASON-SIP scanner seen in the failed attempts');
    const customer = await pdfText(w.harbUser);
    expect(customer).toMatch(/calls from the address 192\.0\.2\.150\s+blocked/);
    expect(customer).not.toContain('REASON-');
  });

  it("a customer's ticket is titled by its client summary, never by the detector's words", async () => {
    const staff = expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.tech }), 200).body;
    expect(staff.title).toBe('International calls above the block threshold');
    const mine = expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.harbUser }), 200).body;
    expect(mine.title).toMatch(/^Potential Fraudulent Calls – /);
    const list = expectStatus(await t.api('GET', '/api/tickets', { token: w.harbUser }), 200).body;
    expect(list.items.find((x: { id: string }) => x.id === id).title).toBe(mine.title);
    const timeline = expectStatus(await t.api('GET', `/api/tickets/${id}/timeline`, { token: w.harbUser }), 200);
    expect(JSON.stringify(timeline.body)).not.toContain('block threshold');
  });

  it("lists what is blocked on a customer's account, with the case that placed it, to the NOC and to the customer", async () => {
    const number = expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.tech }), 200).body.number;
    const url = `/api/tickets/restrictions?customerId=${w.harbId}`;
    const noc = expectStatus(await t.api('GET', url, { token: w.manager }), 200).body.items;
    expect(noc).toContainEqual(
      expect.objectContaining({ kind: 'destination', value: '+5321', ticketId: id, ticketNumber: number }),
    );
    const own = expectStatus(await t.api('GET', url, { token: w.harbUser }), 200).body.items;
    expect(own.map((r: { id: string }) => r.id)).toEqual(noc.map((r: { id: string }) => r.id));
    expectError(await t.api('GET', url, { token: w.acmeUser }), 404, 'customer_not_found');
    const acme = expectStatus(
      await t.api('GET', `/api/tickets/restrictions?customerId=${w.acmeId}`, { token: w.tech }),
      200,
    );
    expect(acme.body.items).toEqual([]);
    expectError(
      await t.api('GET', '/api/tickets/restrictions?customerId=nope', { token: w.tech }),
      400,
      'validation_failed',
    );
  });

  it('another customer gets 404 for the evidence, exactly like a missing ticket', async () => {
    for (const suffix of ['cdrs.csv', 'report.pdf', 'attachments']) {
      expectError(await t.api('GET', `/api/tickets/${id}/${suffix}`, { token: w.acmeUser }), 404, 'ticket_not_found');
    }
    expect((await t.api('GET', `/api/tickets/${id}/report.pdf`, { token: w.manager })).status).toBe(200);
    expect((await t.api('GET', `/api/tickets/${id}/cdrs.csv`, { token: w.engineer })).status).toBe(200);
  });

  it('attachments: an empty list until email intake adds some', async () => {
    const r = expectStatus(await t.api('GET', `/api/tickets/${id}/attachments`, { token: w.harbUser }), 200);
    expect(r.body).toEqual({ items: [], nextCursor: null });
  });

  it('CSV cells are quoted and defused against spreadsheet formulas, keeping E.164 numbers intact', () => {
    expect(csvField('+5321550101')).toBe('+5321550101');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+cmd')).toBe(`'+cmd`);
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField(null)).toBe('');
  });

  it("lists the case's calls for the evidence table: sorted, paged, with the seat and country names", async () => {
    const first = expectStatus(await t.api('GET', `/api/tickets/${id}/calls?limit=2`, { token: w.tech }), 200).body;
    // Newest first by default.
    expect(first.items.map((c: { calledE164: string }) => c.calledE164)).toEqual(['+18765550177', '+5321550102']);
    expect(first.items[1]).toMatchObject({
      seat: 'Front desk',
      country: 'CU',
      countryName: 'Cuba',
      billsec: 240,
      cost: 4.92,
    });
    const second = expectStatus(
      await t.api('GET', `/api/tickets/${id}/calls?limit=2&cursor=${first.nextCursor}`, { token: w.tech }),
      200,
    ).body;
    expect(second.items.map((c: { calledE164: string }) => c.calledE164)).toEqual(['+5321550101']);
    expect(second.nextCursor).toBeNull();

    const byCost = expectStatus(await t.api('GET', `/api/tickets/${id}/calls?sort=-cost`, { token: w.harbUser }), 200);
    expect(byCost.body.items.map((c: { cost: number }) => c.cost)).toEqual([6.15, 4.92, 0.45]);
    const byCountry = expectStatus(await t.api('GET', `/api/tickets/${id}/calls?sort=country`, { token: w.tech }), 200);
    expect(byCountry.body.items.map((c: { country: string }) => c.country)).toEqual(['CU', 'CU', 'JM']);
  });

  it('draws the episode: calls and cost per bucket', async () => {
    const series = expectStatus(await t.api('GET', `/api/tickets/${id}/calls/series`, { token: w.tech }), 200).body;
    // 15 hours of episode in about 60 buckets: 15-minute buckets.
    expect(series.bucketSeconds).toBe(900);
    expect(series.points).toEqual([
      { at: '2025-05-14T10:00:00.000Z', calls: 2, cost: 11.07 },
      { at: '2025-05-15T01:00:00.000Z', calls: 1, cost: 0.45 },
    ]);
  });

  it("refuses a bad sort or cursor by name, and another customer's case as missing", async () => {
    expectError(
      await t.api('GET', `/api/tickets/${id}/calls?sort=price`, { token: w.tech }),
      400,
      'validation_failed',
      /sort/,
    );
    const negative = Buffer.from('[-5]').toString('base64url');
    expectError(
      await t.api('GET', `/api/tickets/${id}/calls?cursor=${negative}`, { token: w.tech }),
      400,
      'cursor_invalid',
    );
    expectError(await t.api('GET', `/api/tickets/${id}/calls`, { token: w.acmeUser }), 404, 'ticket_not_found');
    expectError(await t.api('GET', `/api/tickets/${id}/calls/series`, { token: w.acmeUser }), 404, 'ticket_not_found');
  });
});
