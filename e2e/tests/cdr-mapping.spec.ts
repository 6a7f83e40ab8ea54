import { expect, test } from '@playwright/test';
import { PASSWORD, seed } from './helpers.js';

test.use({ viewport: { width: 1400, height: 2000 } });

test.beforeAll(async ({ request }) => {
  await seed(request);
});

/** A Spanish carrier's export: a header the importer does not know, day-first dates, national numbers. */
function carrierCsv(): string {
  const at = (minutesAgo: number) => {
    const d = new Date(Date.now() - minutesAgo * 60_000);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${p(d.getUTCDate())}/${p(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:00`;
  };
  return [
    'Fecha,Origen,Destino,Segundos,Cuenta',
    `${at(90)},912345678,688886392,00:02:00,HARB009`,
    `${at(80)},912345678,688886393,00:04:00,HARB009`,
    `${at(70)},912345678,0033142685300,60,HARB009`,
    '',
  ].join('\n');
}

test('a technician maps the columns of an unknown carrier CSV, saves the profile, and sees the report and the usage', async ({
  page,
}, info) => {
  const login = await page.request.post('/api/auth/login', { data: { email: 'tech@e2e.local', password: PASSWORD } });
  expect(login.status(), await login.text()).toBe(200);

  await page.goto('/cdrs');
  await expect(page.getByRole('heading', { name: 'CDR imports', level: 1 })).toBeVisible();
  await page.getByLabel('CDR file', { exact: true }).setInputFiles({
    name: 'operador-es.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(carrierCsv()),
  });
  const refused = page.waitForResponse((r) => r.url().includes('/api/cdrs/import'));
  await page.getByRole('button', { name: 'Upload' }).click();
  expect((await refused).status()).toBe(400);

  const mapping = page.getByRole('region', { name: 'Map the columns' });
  await expect(mapping).toBeVisible();
  const map = async (field: string, column: string) => {
    await mapping.getByRole('combobox', { name: field }).click();
    await page.getByRole('option', { name: column, exact: true }).click();
  };
  await map('Called number', 'Destino');
  await map('Start', 'Fecha');
  await map('Duration', 'Segundos');
  await map('Calling number', 'Origen');
  await map('Account code', 'Cuenta');
  await map('Date format', 'DD/MM/YYYY');
  await mapping.getByLabel('Time zone').fill('UTC');
  await mapping.getByLabel('Home country').fill('ES');
  await mapping.getByLabel('Profile name').fill(`Operador ES ${Date.now()}`);
  await expect(mapping.getByRole('table', { name: 'Preview' }).getByRole('cell').first()).toHaveText('688886392');

  const saved = page.waitForResponse((r) => r.url().endsWith('/api/cdrs/profiles'));
  await mapping.getByRole('button', { name: 'Save profile and import' }).click();
  expect((await saved).status()).toBe(201);

  const report = page.getByRole('region', { name: 'Import report' });
  await expect(report).toBeVisible();
  const figure = (name: string) => report.locator('.figures div').filter({ hasText: name }).locator('dd');
  await expect(figure('Rows')).toHaveText('3');
  await expect(figure('Imported')).toHaveText('3');
  await expect(figure('Rejected')).toHaveText('0');
  await expect(mapping).toBeHidden();
  await page.screenshot({ path: info.outputPath('cdr-mapping-report.png'), fullPage: true });
  await info.attach('cdr-mapping-report', {
    path: info.outputPath('cdr-mapping-report.png'),
    contentType: 'image/png',
  });

  await report.getByRole('link', { name: 'View usage' }).click();
  await expect(page.getByRole('heading', { name: 'Usage', level: 1 })).toBeVisible();
  const byCountry = page
    .locator('tg-usage-widget')
    .filter({ has: page.getByRole('heading', { name: 'Minutes by country' }) });
  // Two national mobiles (2 + 4 minutes) read in the Spanish plan, one call to France.
  const spain = byCountry.getByRole('row', { name: /Spain/ });
  await expect(spain).toBeVisible();
  await expect(spain.getByRole('cell').nth(1)).toHaveText('2');
  await expect(spain.getByRole('cell').nth(3)).toHaveText('6.0');
  await expect(byCountry.getByRole('row', { name: /France/ })).toBeVisible();
});
