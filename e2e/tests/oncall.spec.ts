import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import { ADMIN, apiLogin, PASSWORD, seed } from './helpers.js';

// Voice engineering and management: an engineer acknowledges a page and approves a threshold increase the NOC
// filed from the ticket; a manager opens the case-metrics dashboard, sees the charts and exports CSV.

test.use({ viewport: { width: 1400, height: 1100 } });

const RUN = Date.now().toString(36);
const FRONT_DESK = '6175550142@harborview.voip.example.net';
const ENGINEER = { email: 'engineer@e2e.local', name: 'Priya Raman', role: 'engineer' };
const MANAGER = { email: 'manager@e2e.local', name: 'Morgan Manager', role: 'manager' };
let admin: string;
let tech: string;
let ticketId: string;
let ticketNumber: string;
let requestId: string;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function signedIn(context: BrowserContext, email: string): Promise<Page> {
  const res = await context.request.post('/api/auth/login', { data: { email, password: PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  return context.newPage();
}

test.beforeAll(async ({ request }) => {
  await seed(request);
  admin = await apiLogin(request, ADMIN.email, ADMIN.password);
  for (const u of [ENGINEER, MANAGER]) {
    const res = await request.post('/api/users', { headers: bearer(admin), data: { ...u, password: PASSWORD } });
    if (res.status() !== 409) expect(res.status(), await res.text()).toBe(201);
  }
  tech = await apiLogin(request, 'tech@e2e.local', PASSWORD);

  // The NOC opens a case on Harborview's front desk and escalates it to voice engineering.
  const event = await request.post('/api/events', {
    headers: bearer(tech),
    data: {
      accountCode: 'HARB009',
      kind: 'seat_threshold',
      severity: 'warning',
      dedupeKey: `e2e-oncall-${RUN}`,
      summary: '9 calls to the Caribbean in 40 min from the front desk',
      occurredAt: new Date().toISOString(),
    },
  });
  expect(event.status(), await event.text()).toBe(201);
  ticketId = (await event.json()).ticketId;
  const ticket = await request.get(`/api/tickets/${ticketId}`, { headers: bearer(tech) });
  expect(ticket.status()).toBe(200);
  const { version, number } = await ticket.json();
  ticketNumber = number;
  const escalate = await request.post(`/api/tickets/${ticketId}/events`, {
    headers: bearer(tech),
    data: { type: 'ESCALATE', version, reason: 'Kingston call centre or pumping? Need voice engineering' },
  });
  expect(escalate.status(), await escalate.text()).toBe(200);

  const filed = await request.post('/api/threshold-requests', {
    headers: bearer(tech),
    data: {
      ticketId,
      scope: 'seat',
      targetId: FRONT_DESK,
      requested: { userCallThreshold: 30, userBlockThreshold: 40 },
      reason: 'The front desk now routes the Kingston call centre',
    },
  });
  expect(filed.status(), await filed.text()).toBe(201);
  requestId = (await filed.json()).id;
});

test.afterAll(async ({ request }) => {
  const now = await request.get(`/api/tickets/${ticketId}`, { headers: bearer(tech) });
  expect(now.status()).toBe(200);
  const res = await request.post(`/api/tickets/${ticketId}/events`, {
    headers: bearer(tech),
    data: { type: 'DISMISS', version: (await now.json()).version, reason: 'e2e clean-up' },
  });
  expect(res.status(), await res.text()).toBe(200);
});

test('an engineer acknowledges the page and approves the threshold increase', async ({ browser, request }) => {
  const context = await browser.newContext();
  const page = await signedIn(context, ENGINEER.email);
  await page.goto('/oncall');
  await expect(page.getByRole('heading', { name: 'On call', level: 1 })).toBeVisible();

  const acknowledge = page.getByRole('button', { name: `Acknowledge ${ticketNumber}` });
  await expect(acknowledge).toBeVisible();
  const acked = page.waitForResponse((r) => r.url().endsWith(`/api/tickets/${ticketId}/events`));
  await acknowledge.click();
  expect((await acked).status()).toBe(200);
  await expect(acknowledge).toBeHidden();
  const ticket = await request.get(`/api/tickets/${ticketId}`, { headers: bearer(tech) });
  expect((await ticket.json()).escalation).toBe('engaged');

  await page.getByLabel(`Comment on ${FRONT_DESK}`).fill('Confirmed with the account manager');
  const decided = page.waitForResponse((r) => r.url().endsWith(`/api/threshold-requests/${requestId}/approve`));
  await page.getByRole('button', { name: 'Approve' }).click();
  expect((await decided).status()).toBe(200);
  await expect(page.getByText('Approved for 1 seat')).toBeVisible();
  const approved = await request.get(`/api/threshold-requests/${requestId}`, { headers: bearer(tech) });
  expect(await approved.json()).toMatchObject({ status: 'approved', appliedTo: [FRONT_DESK] });

  // The technician sees the outcome on the ticket.
  const techContext = await browser.newContext();
  const techPage = await signedIn(techContext, 'tech@e2e.local');
  await techPage.goto(`/tickets/${ticketId}`);
  await expect(techPage.getByText(`applied to ${FRONT_DESK}`)).toBeVisible();
  await context.close();
  await techContext.close();
});

test('a manager opens the dashboard, sees the charts and exports CSV', async ({ browser }) => {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await signedIn(context, MANAGER.email);
  const loaded = page.waitForResponse((r) => r.url().includes('/api/metrics/cases?'));
  await page.goto('/case-metrics');
  expect((await loaded).status()).toBe(200);
  await expect(page.getByRole('heading', { name: 'Case metrics', level: 1 })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Cases opened and closed per day' })).toBeVisible();
  await expect(page.getByRole('img', { name: 'Cases opened in the range by their state now' })).toBeVisible();
  const opened = page.getByRole('table', { name: 'Key figures' }).getByRole('row', { name: /^Opened/ });
  await expect(opened).toBeVisible();
  expect(Number((await opened.getByRole('cell').textContent())?.trim())).toBeGreaterThanOrEqual(1);

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^case-metrics_\d{4}-\d{2}-\d{2}_\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await readFile((await file.path())!, 'utf8');
  expect(csv.split('\r\n')[0]).toMatch(/^dimension,key,label,opened,closed/);
  expect(csv).toContain('Harborview Logistics');
  await context.close();
});
