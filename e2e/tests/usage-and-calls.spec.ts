import { expect, type Page, test, type TestInfo } from '@playwright/test';
import { apiLogin, PASSWORD, seed } from './helpers.js';

// The usage dashboard ranks by cost as well as minutes and draws calls, minutes and cost over time; the call
// records page filters, for the NOC and for a customer (its own calls only).

const RUN = Date.now().toString(36);

async function shot(page: Page, info: TestInfo, name: string) {
  const path = info.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await info.attach(name, { path, contentType: 'image/png' });
}

test.beforeAll(async ({ request }) => {
  await seed(request);
  const tech = await apiLogin(request, 'tech@e2e.local', PASSWORD);
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  // Ten long, cheap calls to the US and two short, expensive ones to Cuba, in the last two hours.
  const csv = [
    'Call ID,Start,Account,Source IP,SIP User,From,To,Billsec,Disposition,Cost',
    ...Array.from(
      { length: 10 },
      (_, i) =>
        `uc-${RUN}-us-${i},${at(100 - i)},HARB009,203.0.113.10,harb-143,+16175550143,+14155550100,900,ANSWERED,0.10`,
    ),
    `uc-${RUN}-cu-1,${at(40)},HARB009,198.51.100.5,harb-142,+16175550142,+5321550101,40,ANSWERED,48.00`,
    `uc-${RUN}-cu-2,${at(35)},HARB009,198.51.100.5,harb-142,+16175550142,+5321550102,45,ANSWERED,54.00`,
  ].join('\n');
  const res = await request.post('/api/cdrs/import', {
    headers: { authorization: `Bearer ${tech}`, 'content-type': 'text/csv' },
    data: csv,
  });
  expect(res.status(), await res.text()).toBe(201);
  expect((await res.json()).imported).toBe(12);
});

test('the usage dashboard ranks by cost, draws the last hours, and fits a phone', async ({ browser }, info) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1100 } });
  const login = await context.request.post('/api/auth/login', {
    data: { email: 'tech@e2e.local', password: PASSWORD },
  });
  expect(login.status(), await login.text()).toBe(200);
  const page = await context.newPage();

  await page.goto('/usage');
  await expect(page.getByRole('heading', { name: 'Usage', level: 1 })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Calls, minutes and cost per day' })).toBeVisible();
  await expect(page.locator('tg-usage-series canvas')).toBeVisible();
  await expect(page.locator('tg-usage-series .totals')).toContainText('$');

  const byCountry = page.getByRole('table', { name: 'Minutes by country' });
  await expect(byCountry.locator('tbody tr').first()).toContainText('United States');
  await page
    .getByRole('radio', { name: 'By cost' })
    .or(page.getByRole('button', { name: 'By cost' }))
    .click();
  await expect(page).toHaveURL(/sort=cost/);
  await expect(byCountry.locator('tbody tr').first()).toContainText('Cuba');

  await page.getByRole('button', { name: 'Last 24 hours' }).click();
  await expect(page.getByRole('heading', { name: 'Calls, minutes and cost per hour' })).toBeVisible();
  await expect(page.locator('.zone')).toContainText('UTC, by the hour');
  await expect(byCountry.locator('tbody tr').first()).toContainText('Cuba');
  await shot(page, info, 'usage-1440');

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole('heading', { name: 'Calls, minutes and cost per hour' })).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
  await shot(page, info, 'usage-390');
  await context.close();
});

test('call records filter by country, number and IP; a customer finds its own in the navigation', async ({
  browser,
}, info) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1000 } });
  const login = await context.request.post('/api/auth/login', {
    data: { email: 'tech@e2e.local', password: PASSWORD },
  });
  expect(login.status(), await login.text()).toBe(200);
  const page = await context.newPage();
  await page.goto('/tickets');
  await page.getByRole('link', { name: 'Call records' }).click();
  await expect(page.getByRole('heading', { name: 'Call records', level: 1 })).toBeVisible();

  const number = page.getByLabel('Number');
  await number.fill('+5321');
  await number.press('Enter');
  await expect(page).toHaveURL(/number=%2B5321/);
  const rows = page.getByRole('table', { name: 'Call records' }).locator('tbody tr');
  // Only calls to +5321…: this file's (each worker that runs it imports them again, at new times).
  await expect(rows.first()).toContainText('Cuba');
  for (const row of await rows.all()) await expect(row).toContainText('+5321');
  await expect(rows.first()).toContainText('$54.00');
  await expect(rows.first()).toContainText('Front desk');

  const ip = page.getByLabel('Source IP');
  await ip.fill('203.0.113.0/24');
  await ip.press('Enter');
  await expect(page.getByRole('table', { name: 'Call records' })).toContainText('No call records for these filters.');
  await shot(page, info, 'calls-1440');
  await context.close();

  const customer = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const dana = await customer.request.post('/api/auth/login', {
    data: { email: 'dana@harborview.example.com', password: PASSWORD },
  });
  expect(dana.status(), await dana.text()).toBe(200);
  const portal = await customer.newPage();
  await portal.goto(`/calls?country=CU`);
  await expect(portal.getByRole('heading', { name: 'Call records', level: 1 })).toBeVisible();
  await expect(portal.getByRole('table', { name: 'Call records' }).locator('tbody tr').first()).toContainText('Cuba');
  await expect(portal.getByLabel('Customer')).toHaveCount(0);
  await shot(portal, info, 'calls-customer-390');
  await customer.close();
});
