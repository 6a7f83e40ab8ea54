import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERNAL_WORDS } from '../common/customer-words.js';
import { type ReportData, renderTicketReport } from './ticket-report.js';

const run = promisify(execFile);

const actor = (name: string, role: string) => ({ id: null, role, name });

/** A customer's copy of a case with 120 calls: several pages. */
function report(over: Partial<ReportData> = {}): ReportData {
  const start = Date.parse('2025-05-14T10:00:00Z');
  return {
    operator: { name: 'Acme Telecom NOC', contact: 'noc@acme.example · +1 555 0100' },
    number: 'FRD-000042',
    state: 'restricted',
    title: "Calls to +53 from seat 142 for HARB009; rule 'Cuba burst' blocks at 30",
    severity: 'block',
    customerName: 'Harborview Logistics',
    accountCode: 'HARB009',
    timezone: 'America/New_York',
    openedAt: new Date(start),
    closedAt: null,
    firstCallAt: new Date(start),
    lastCallAt: new Date(start + 119 * 60_000),
    exposure: { calls: 120, minutes: 240, cost: 295.2 },
    clientSummary: 'Potential Fraudulent Calls – Harborview Logistics – May 14, 2025\n\nCalls to Cuba.',
    restrictions: [
      {
        kind: 'destination',
        value: '+53',
        status: 'active',
        created_by_name: 'Tollgate',
        created_at: new Date(start),
        lifted_by_name: null,
        lifted_at: null,
        reason: null,
      },
      {
        kind: 'ip',
        value: '2001:db8:85a3:1234:5678:8a2e:370:7334/128',
        status: 'active',
        created_by_name: 'tech user',
        created_at: new Date(start),
        lifted_by_name: null,
        lifted_at: null,
        reason: null,
      },
    ],
    destinations: [{ country: 'CU', calls: 120, minutes: 240, cost: 295.2 }],
    calls: Array.from({ length: 120 }, (_, i) => ({
      started_at: new Date(start + i * 60_000),
      caller_number: i === 7 ? '+161755501429999999999999' : '+16175550142',
      called_e164: i === 7 ? '+53215501019999999999999999' : `+5321550${String(i).padStart(3, '0')}`,
      country: 'CU',
      billsec: 120,
      disposition: 'ANSWERED',
      cost: 2.46,
    })),
    totalCalls: 120,
    checklist: [],
    timeline: [
      {
        id: '1',
        ticketId: 't',
        type: 'opened',
        actor: actor('Tollgate', 'system'),
        fromState: null,
        toState: 'detected',
        payload: {},
        visibility: 'customer',
        at: new Date(start),
      },
      {
        id: '2',
        ticketId: 't',
        type: 'RESTRICT',
        actor: actor('Tollgate', 'system'),
        fromState: 'detected',
        toState: 'restricted',
        payload: { restrictions: [{ kind: 'destination', value: '+53' }] },
        visibility: 'customer',
        at: new Date(start + 60_000),
      },
    ],
    forCustomer: true,
    ...over,
  };
}

describe(renderTicketReport.name, () => {
  let dir: string;
  let file: string;
  /** One page's text (pdftotext -layout), 1-based. */
  const page = async (n: number) => (await run('pdftotext', ['-layout', '-f', `${n}`, '-l', `${n}`, file, '-'])).stdout;
  let pages: number;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tollgate-report-'));
    file = path.join(dir, 'report.pdf');
    await writeFile(file, await renderTicketReport(report()));
    if (process.env.REPORT_PDF_OUT) await writeFile(process.env.REPORT_PDF_OUT, await renderTicketReport(report()));
    pages = Number(/Pages:\s+(\d+)/.exec((await run('pdfinfo', [file])).stdout)![1]);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('opens with the letterhead: the operator name and contact', async () => {
    const first = await page(1);
    expect(first.indexOf('Acme Telecom NOC')).toBeLessThan(first.indexOf('FRD-000042'));
    expect(first).toContain('noc@acme.example · +1 555 0100');
  });

  it('numbers every page "Page n of N" and repeats the calls header on each page it continues on', async () => {
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(await page(2)).toMatch(/\+5321550\d{3}/);
    for (let n = 1; n <= pages; n++) {
      const text = await page(n);
      expect(text).toContain(`Page ${n} of ${pages}`);
      expect(text).toContain('Acme Telecom NOC · FRD-000042');
      // Every page that holds calls starts them under the table's header.
      if (/\+5321550\d{3}/.test(text)) {
        expect(text).toMatch(/Started\s+Caller\s+Called\s+Country\s+Seconds\s+Result\s+Cost/);
      }
    }
  });

  it('cuts a value too long for its column with an ellipsis, never mid-word onto a second line', async () => {
    const all = (await run('pdftotext', ['-layout', file, '-'])).stdout;
    expect(all).toMatch(/\+5321550101999\d*…/);
    // No line holds only the broken-off tail of a number.
    expect(all).not.toMatch(/^\s*9{4,}\s*$/m);
    // The IPv6 range wraps at spaces only: its address is whole on one line.
    expect(all).toContain('calls from the address 2001:db8:85a3:1234:5678:8a2e:370:7334');
  });

  it("says the customer's case in plain words: state, blocks, countries, history", async () => {
    const all = (await run('pdftotext', ['-layout', file, '-'])).stdout;
    expect(all).toContain('Status: Calls blocked — waiting for your review');
    expect(all).toContain('calls to numbers starting +53 (Cuba)');
    expect(all).toContain('Cuba (+53)');
    expect(all).toContain('Calls blocked to stop the fraud (automatic): calls to numbers starting +53 (Cuba)');
    expect(all.replace(/\s+/g, ' ')).toContain(
      'FRD-000042 — Potential Fraudulent Calls – Harborview Logistics – May 14, 2025',
    );
    for (const word of INTERNAL_WORDS) expect(all, word).not.toContain(word);
    expect(all).not.toMatch(/\bip\b/);
    expect(all).not.toContain('Cuba burst');
  });

  it("keeps the NOC's words in the NOC's copy", async () => {
    const staff = path.join(dir, 'staff.pdf');
    await writeFile(staff, await renderTicketReport(report({ forCustomer: false })));
    const all = (await run('pdftotext', ['-layout', staff, '-'])).stdout;
    expect(all).toMatch(/State: restricted\s+Severity: block/);
    expect(all).toContain('RESTRICT (detected -> restricted) by Tollgate');
    expect(all.replace(/\s+/g, ' ')).toContain("rule 'Cuba burst'");
  });
});
