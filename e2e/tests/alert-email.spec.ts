import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { ADMIN, apiLogin, PASSWORD, seed } from './helpers.js';

let ticketUrl: string | null = null;

test.beforeAll(async ({ request }) => {
  await seed(request);
});

// The specs share one data folder: dismiss the case so its seat intercept leaves the switch's blocklist.
test.afterAll(async ({ request }) => {
  if (!ticketUrl) return;
  const id = ticketUrl.split('/').pop()!;
  const token = await apiLogin(request, 'tech@e2e.local', PASSWORD);
  const headers = { authorization: `Bearer ${token}` };
  const ticket = await request.get(`/api/tickets/${id}`, { headers });
  expect(ticket.status()).toBe(200);
  const dismissed = await request.post(`/api/tickets/${id}/events`, {
    headers,
    data: { type: 'DISMISS', version: (await ticket.json()).version, reason: 'e2e clean-up' },
  });
  expect(dismissed.status(), await dismissed.text()).toBe(200);
  expect((await dismissed.json()).restrictions.every((r: { status: string }) => r.status === 'lifted')).toBe(true);
});

const SAMPLE = new URL(
  '../../backend/src/alert-intake/fixtures/caribbean-fraud-alert-user-blocked.eml',
  import.meta.url,
);

test('a technician uploads a carrier alert email and finds the seat intercepted upstream on the new ticket', async ({
  page,
}) => {
  // A Message-ID of this run: the intake takes each message once.
  const eml = (await readFile(SAMPLE, 'latin1')).replace(
    '<CFA.20250514T154907Z.6175550142.u@AS22.voip.example.net>',
    `<CFA.e2e-${Date.now()}@AS22.voip.example.net>`,
  );
  const login = await page.request.post('/api/auth/login', { data: { email: 'tech@e2e.local', password: PASSWORD } });
  expect(login.status(), await login.text()).toBe(200);

  await page.goto('/');
  await page.getByRole('link', { name: 'Alert emails' }).click();
  await expect(page.getByRole('heading', { name: 'Alert emails', level: 1 })).toBeVisible();
  await page.getByLabel('Email file (.eml)').setInputFiles({
    name: 'alert.eml',
    mimeType: 'message/rfc822',
    buffer: Buffer.from(eml, 'latin1'),
  });
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/alert-emails') && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Upload' }).click();
  expect((await answer).status()).toBe(201);
  await expect(page.getByRole('heading', { name: 'CARIBBEAN_FRAUD_ALERT' })).toBeVisible();

  await page.getByRole('link', { name: 'Open the ticket' }).click();
  await expect(page).toHaveURL(/\/tickets\/[0-9a-f-]{36}$/);
  ticketUrl = page.url();
  await expect(page.getByRole('heading', { name: /CARIBBEAN_FRAUD_ALERT from AS22/, level: 1 })).toBeVisible();
  await expect(page.locator('tg-state-badge')).toHaveText(/Restricted/i);

  const restrictions = page.getByRole('table', { name: /Restrictions/ });
  const seat = restrictions.getByRole('row').filter({ hasText: '6175550142@harborview.voip.example.net' });
  await expect(seat).toContainText('Seat');
  await expect(seat).toContainText('active');
  await expect(seat).toContainText('Placed by Upstream carrier (AS22.voip.example.net)');

  // The original mail, as an internal note: its text, never its markup.
  const note = page.locator('tg-timeline li').filter({ hasText: 'From: internationalfraud@as22.voip.example.net' });
  await expect(note).toContainText('Internal');
  await expect(note).toContainText('THIS USER WILL BE BLOCKED!!!');
});

test('an admin reads the mail Tollgate sent in the built-in mailbox', async ({ page }) => {
  const login = await page.request.post('/api/auth/login', { data: ADMIN });
  expect(login.status(), await login.text()).toBe(200);
  await page.goto('/');
  await page.getByRole('link', { name: 'Mailbox' }).click();
  await expect(page.getByRole('heading', { name: 'Mailbox', level: 1 })).toBeVisible();
  // The restriction of the previous test told the customer's contact.
  const message = page.getByRole('button', { name: /Action required: calls restricted/ }).first();
  await expect(message).toBeVisible();
  await expect(message).toContainText('dana@harborview.example.com');
  await message.click();
  const opened = page.getByRole('article');
  await expect(opened.getByRole('heading', { level: 2 })).toHaveText(
    /^\[FRD-\d{6}\] Action required: calls restricted/,
  );
  await expect(opened).toContainText('6175550142@harborview.voip.example.net');
  // Greeted by name, and the report the mail announces is attached to it.
  await expect(opened).toContainText('Hello Dana Reyes,');
  await expect(opened).toContainText('A report of this case (PDF) is attached.');
  await expect(opened.getByRole('list', { name: 'Attachments' })).toContainText(/FRD-\d{6}-report\.pdf/);
});
