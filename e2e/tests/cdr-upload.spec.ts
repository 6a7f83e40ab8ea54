import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { PASSWORD, seed } from './helpers.js';

// Tall enough for the whole dashboard in the screenshot (the page scrolls inside the shell).
test.use({ viewport: { width: 1400, height: 2000 } });

test.beforeAll(async ({ request }) => {
  await seed(request);
});

/** A carrier CSV with a header: HARB009 calls of the last hours, one row the parser must reject. */
function genericCsv(): string {
  const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const row = (id: string, to: string, minutesAgo: number, billsec: number, disposition = 'ANSWERED') =>
    [id, 'HARB009', '203.0.113.10', 'harb-142', '+16175550142', to, at(minutesAgo), billsec, disposition].join(',');
  return [
    'call_id,account,source_ip,sip_user,from,to,start,billsec,disposition',
    row('e2e-up-1', '+442079460001', 120, 120),
    row('e2e-up-2', '+442079460002', 110, 180),
    row('e2e-up-3', '+442079460003', 100, 300),
    row('e2e-up-4', '+12125550101', 90, 60),
    row('e2e-up-5', '+13125550102', 80, 90),
    row('e2e-up-6', '+442079460004', 70, 0, 'NO ANSWER'),
    'e2e-up-7,HARB009,203.0.113.10,harb-142,+16175550142,+12125550103,not-a-date,30,ANSWERED',
    '',
  ].join('\n');
}

test('a technician uploads a CDR file, reads the report, then sees the usage of that customer', async ({
  page,
}, info) => {
  const login = await page.request.post('/api/auth/login', { data: { email: 'tech@e2e.local', password: PASSWORD } });
  expect(login.status(), await login.text()).toBe(200);

  await page.goto('/');
  await page.getByRole('link', { name: 'CDR imports' }).click();
  await expect(page.getByRole('heading', { name: 'CDR imports', level: 1 })).toBeVisible();

  await page.getByLabel('CDR file', { exact: true }).setInputFiles({
    name: 'harborview-cdrs.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(genericCsv()),
  });
  await page.getByRole('button', { name: 'Upload' }).click();

  const progress = page.getByRole('progressbar', { name: 'Upload progress' });
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('aria-valuenow', '100');
  const report = page.getByRole('region', { name: 'Import report' });
  await expect(report).toBeVisible();
  const figure = (name: string) => report.locator('.figures div').filter({ hasText: name }).locator('dd');
  await expect(figure('Rows')).toHaveText('7');
  await expect(figure('Imported')).toHaveText('6');
  await expect(figure('Duplicates')).toHaveText('0');
  await expect(figure('Rejected')).toHaveText('1');
  await expect(figure('Unassigned')).toHaveText('0');
  const rejected = report.getByRole('table', { name: 'Rejected rows' });
  await expect(rejected.getByRole('row').nth(1).getByRole('cell').first()).toHaveText('8');
  await expect(
    page.getByRole('table', { name: 'Recent imports' }).getByRole('row', { name: /harborview-cdrs\.csv/ }),
  ).toBeVisible();
  await page.screenshot({ path: info.outputPath('cdr-import-report.png'), fullPage: true });
  await info.attach('cdr-import-report', { path: info.outputPath('cdr-import-report.png'), contentType: 'image/png' });

  await report.getByRole('link', { name: 'View usage' }).click();
  await expect(page.getByRole('heading', { name: 'Usage', level: 1 })).toBeVisible();
  await page.getByRole('combobox', { name: 'Customer' }).click();
  await page.getByRole('option', { name: 'Harborview Logistics' }).click();
  await expect(page).toHaveURL(/customerId=/);
  await expect(page.getByText('America/New_York')).toBeVisible();

  const byCountry = page
    .locator('tg-usage-widget')
    .filter({ has: page.getByRole('heading', { name: 'Minutes by country' }) });
  const uk = byCountry.getByRole('row', { name: /United Kingdom/ });
  await expect(uk).toBeVisible();
  // 120 + 180 + 300 billable seconds, and one unanswered call.
  await expect(uk.getByRole('cell').nth(1)).toHaveText('4');
  await expect(uk.getByRole('cell').nth(2)).toHaveText('1');
  await expect(uk.getByRole('cell').nth(3)).toHaveText('10.0');
  await expect(
    byCountry
      .getByRole('row', { name: /United States/ })
      .getByRole('cell')
      .nth(3),
  ).toHaveText('2.5');
  await expect(byCountry.locator('canvas')).toBeVisible();
  const jurisdiction = page
    .locator('tg-usage-widget')
    .filter({ has: page.getByRole('heading', { name: 'Minutes per jurisdiction' }) });
  await expect(jurisdiction.locator('canvas')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Download CSV of Minutes by country' })).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV of Minutes by country' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^minutes-by-country_.+\.csv$/);
  const [header, ...rows] = (await readFile(await file.path(), 'utf8'))
    .trimEnd()
    .split(/\r?\n/)
    .map((line) => line.split(','));
  expect(header).toEqual(['key', 'label', 'calls', 'failedCalls', 'minutes', 'cost']);
  // The figures of the table above: four calls to the UK (one unanswered, 10 minutes), two to the US.
  const csvRows = Object.fromEntries(rows.map((r) => [r[0], r.slice(1, 5)]));
  expect(csvRows.GB).toEqual(['United Kingdom', '4', '1', '10.00']);
  expect(csvRows.US).toEqual(['United States', '2', '0', '2.50']);

  await page.screenshot({ path: info.outputPath('usage-dashboard.png'), fullPage: true });
  await info.attach('usage-dashboard', { path: info.outputPath('usage-dashboard.png'), contentType: 'image/png' });
});
