import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import { apiLogin, PASSWORD, seed } from './helpers.js';

// A customer reads its case in its own words: the portal and the PDF name no event, state, restriction kind,
// severity or rule, and say countries by name.

const run = promisify(execFile);
const RUN = Date.now().toString(36);

/** What a customer must never read (backend/src/common/customer-words.ts INTERNAL_WORDS, and the NOC's labels). */
const INTERNAL = [
  'RESTRICT',
  'CUSTOMER_REVIEW',
  'LIFT_RESTRICTIONS',
  'detected →',
  '→ restricted',
  'restricted ->',
  'destination_class',
  'restrictions_lifted',
  'Severity',
  'severity',
  "rule '",
  'threshold',
  'Restricted',
  'Destination +53',
  'IP address',
];

test.use({ viewport: { width: 1440, height: 1100 } });

test('a customer reads its auto-blocked case in plain words in the portal and the PDF', async ({
  browser,
  request,
}, info) => {
  await seed(request);
  const tech = await apiLogin(request, 'tech@e2e.local', PASSWORD);
  const created = await request.post('/api/events', {
    headers: { authorization: `Bearer ${tech}` },
    data: {
      accountCode: 'HARB009',
      kind: 'threshold',
      severity: 'block',
      dedupeKey: `words-${RUN}`,
      summary: "45 calls to +53 from seat 142 for HARB009; rule 'Cuba burst' blocks at 30",
      occurredAt: new Date().toISOString(),
      restrictions: [
        { kind: 'destination', value: '+53' },
        { kind: 'ip', value: '203.0.113.10' },
      ],
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { ticketId } = await created.json();

  const context = await browser.newContext({ acceptDownloads: true });
  const login = await context.request.post('/api/auth/login', {
    data: { email: 'dana@harborview.example.com', password: PASSWORD },
  });
  expect(login.status(), await login.text()).toBe(200);
  const page = await context.newPage();

  await page.goto('/portal');
  await expect(page.getByRole('heading', { name: 'My tickets', level: 1 })).toBeVisible();
  const row = page
    .getByRole('row')
    .filter({ has: page.getByRole('link') })
    .first();
  await expect(row).toContainText('Calls blocked — waiting for your review');
  const list = (await page.locator('main').innerText()) ?? '';
  for (const word of INTERNAL) expect(list, word).not.toContain(word);

  await page.goto(`/portal/tickets/${ticketId}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText('Potential Fraudulent Calls');
  const blocked = page.getByRole('region', { name: 'What is blocked' });
  await expect(blocked).toContainText('calls to numbers starting +53');
  await expect(blocked).toContainText('calls from the address 203.0.113.10');
  await expect(page.getByRole('region', { name: 'History' })).toContainText('Calls blocked to stop the fraud');
  const text = await page.locator('main').innerText();
  for (const word of INTERNAL) expect(text, word).not.toContain(word);
  await page.screenshot({ path: info.outputPath('portal-ticket-1440.png'), fullPage: true });

  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download report (PDF)' }).click();
  const file = info.outputPath('report.pdf');
  await (await download).saveAs(file);
  const pdf = (await run('pdftotext', ['-layout', file, '-'])).stdout;
  expect(pdf).toContain('Status: Calls blocked — waiting for your review');
  expect(pdf).toContain('calls to numbers starting +53 (Cuba)');
  expect(pdf).toMatch(/Page 1 of \d+/);
  for (const word of INTERNAL) expect(pdf, word).not.toContain(word);
  await context.close();

  // Leave the blocklist as found: other spec files expect it empty at their end.
  const headers = { authorization: `Bearer ${tech}` };
  const ticket = await request.get(`/api/tickets/${ticketId}`, { headers });
  expect(ticket.status(), await ticket.text()).toBe(200);
  const dismissed = await request.post(`/api/tickets/${ticketId}/events`, {
    headers,
    data: { type: 'DISMISS', reason: 'e2e: words checked', version: (await ticket.json()).version },
  });
  expect(dismissed.status(), await dismissed.text()).toBe(200);
});
