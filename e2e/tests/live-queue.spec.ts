import { expect, test } from '@playwright/test';
import { PASSWORD, seed, uiLogin } from './helpers.js';

let adminToken: string;
const opened: string[] = [];

test.beforeAll(async ({ request }) => {
  ({ adminToken } = await seed(request));
});

test.afterAll(async ({ request }) => {
  // Leave the queue as it was for the other specs.
  const auth = { authorization: `Bearer ${adminToken}` };
  for (const id of opened) {
    const now = await request.get(`/api/tickets/${id}`, { headers: auth });
    expect(now.status()).toBe(200);
    const dismissed = await request.post(`/api/tickets/${id}/events`, {
      headers: auth,
      data: { type: 'DISMISS', version: (await now.json()).version, reason: 'e2e clean-up' },
    });
    expect(dismissed.status(), await dismissed.text()).toBe(200);
  }
});

/** The count of unowned open cases the tab title starts with, 0 when it has none. */
const titleCount = (title: string) => Number(/^\((\d+)\) /.exec(title)?.[1] ?? 0);

test('a new urgent case appears in an open queue by itself, counts in the tab title, alerts the desktop, and is taken', async ({
  page,
  context,
  request,
}) => {
  await context.grantPermissions(['notifications']);
  // Record the desktop notifications the page raises.
  await page.addInitScript(() => {
    const shown: string[] = [];
    (window as unknown as { shownNotifications: string[] }).shownNotifications = shown;
    const Real = window.Notification;
    class Recording extends Real {
      constructor(title: string, options?: NotificationOptions) {
        super(title, options);
        shown.push(title);
      }
    }
    window.Notification = Recording as typeof Notification;
  });
  await uiLogin(page, 'tech@e2e.local', PASSWORD);
  await expect(page.getByRole('heading', { name: 'Queue', level: 1 })).toBeVisible();
  await expect(page.getByText('Live', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Desktop alerts off' }).click();
  await expect(page.getByRole('button', { name: 'Desktop alerts on' })).toBeVisible();
  // The count settles after the first load.
  await expect(page).toHaveTitle(/Tollgate/);
  const before = titleCount(await page.title());

  const run = Date.now().toString(36);
  const summary = `Live queue check ${run}: calls to Cuba from seat 142`;
  const created = await request.post('/api/events', {
    headers: { authorization: `Bearer ${adminToken}` },
    data: {
      accountCode: 'ACME01',
      kind: 'external',
      severity: 'urgent',
      dedupeKey: `live-${run}`,
      summary,
      occurredAt: new Date().toISOString(),
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { ticketId } = await created.json();
  opened.push(ticketId);

  // No reload: the row arrives through the stream.
  const row = page.getByRole('row').filter({ hasText: summary });
  await expect(row).toBeVisible();
  await expect(row.getByRole('cell', { name: 'Nobody' })).toBeVisible();
  await expect.poll(async () => titleCount(await page.title())).toBe(before + 1);
  await expect
    .poll(() => page.evaluate(() => (window as unknown as { shownNotifications: string[] }).shownNotifications))
    .toContainEqual(expect.stringMatching(/^New urgent case FRD-\d+$/));

  await row.getByRole('button', { name: /^Take / }).click();
  await expect(row.getByRole('cell', { name: 'You' })).toBeVisible();
  await expect.poll(async () => titleCount(await page.title())).toBe(before);

  await page.getByRole('combobox', { name: 'Owner' }).click();
  await page.getByRole('option', { name: 'My cases' }).click();
  await expect(page.getByRole('row').filter({ hasText: summary })).toBeVisible();
});
