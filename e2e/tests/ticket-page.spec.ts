import { type APIRequestContext, type BrowserContext, expect, type Page, test, type TestInfo } from '@playwright/test';
import { apiLogin, PASSWORD, seed } from './helpers.js';

// The ticket page as the NOC works it: what the case names and where else it appears, files both ways, a restrict
// dialog that starts from the case and says what it will block, times with their zones, and a phone layout.

test.use({ timezoneId: 'UTC' });
// One case worked in steps: each test goes on from where the one before left it.
test.describe.configure({ mode: 'serial' });

const RUN = Date.now().toString(36);
const SEAT = '6175550142@harborview.voip.example.net';
const IP = '192.0.2.199';
let tech: string;
let main: { id: string; number: string };
let other: { number: string };

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function openCase(request: APIRequestContext, data: Record<string, unknown>) {
  const res = await request.post('/api/events', {
    headers: bearer(tech),
    data: { kind: 'threshold', severity: 'warning', occurredAt: new Date().toISOString(), ...data },
  });
  expect(res.status(), await res.text()).toBe(201);
  const { ticketId } = await res.json();
  const ticket = await request.get(`/api/tickets/${ticketId}`, { headers: bearer(tech) });
  expect(ticket.status()).toBe(200);
  return { id: ticketId as string, number: (await ticket.json()).number as string };
}

async function signedIn(context: BrowserContext, email: string): Promise<Page> {
  const res = await context.request.post('/api/auth/login', { data: { email, password: PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  return context.newPage();
}

async function shot(page: Page, info: TestInfo, name: string) {
  const path = info.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await info.attach(name, { path, contentType: 'image/png' });
}

test.beforeAll(async ({ request }) => {
  await seed(request);
  tech = await apiLogin(request, 'tech@e2e.local', PASSWORD);
  other = await openCase(request, {
    accountCode: 'ACME01',
    dedupeKey: `ticket-page-acme-${RUN}`,
    summary: 'Calls from a known bad IP',
    details: { sourceIp: IP },
  });
  main = await openCase(request, {
    accountCode: 'HARB009',
    dedupeKey: `ticket-page-harb-${RUN}`,
    summary: 'Calls to Cuba from the front desk above the warning threshold',
    details: {
      ruleName: 'International burst',
      warn: 10,
      block: 20,
      windowMinutes: 5,
      per: 'calls',
      seats: [SEAT],
      ips: [IP],
      destinations: ['+5321550101'],
      countries: ['CU'],
    },
  });
});

test('the NOC works the case from its page: observables, files, a restrict dialog that starts from the case', async ({
  browser,
  request,
}, info) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 1200 }, timezoneId: 'UTC' });
  const page = await signedIn(context, 'tech@e2e.local');
  await page.goto(`/tickets/${main.id}`);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(main.number);

  // Times say their zone, with the customer's wall clock beside the viewer's.
  await expect(page.locator('.badges')).toContainText(
    /opened \d{4}-\d\d-\d\d \d\d:\d\d UTC · .*America\/New_York \(customer\)/,
  );

  // What the case names, and the other customer's case with the same IP.
  const names = page.getByRole('table', { name: 'What this case names' });
  await expect(names.getByRole('row', { name: /Seat Front desk/ })).toBeVisible();
  await expect(names.getByRole('row', { name: /Country Cuba/ })).toBeVisible();
  const ipRow = names.getByRole('row', { name: new RegExp(`Source IP ${IP.replaceAll('.', '\\.')}`) });
  await expect(ipRow.getByRole('link', { name: other.number })).toBeVisible();

  // A file, uploaded from the page, listed with its type and size, and said on the timeline.
  const files = page.getByRole('region', { name: 'Files' });
  await files.locator('input[type="file"]').setInputFiles({
    name: 'carrier notice.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% carrier notice\n%%EOF\n'),
  });
  await expect(files.getByRole('link', { name: 'carrier notice.pdf' })).toBeVisible();
  await expect(files).toContainText('PDF · 32 B · Terry Tech (technician)');
  await expect(page.getByRole('region', { name: 'Timeline' })).toContainText('File uploaded');
  // A disguised file is refused with the server's reason.
  await files.locator('input[type="file"]').setInputFiles({
    name: 'invoice.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('<html><script>alert(1)</script></html>'),
  });
  await expect(files.getByRole('alert')).toContainText('named .pdf but its content is');

  const href = await files.getByRole('link', { name: 'carrier notice.pdf' }).getAttribute('href');
  const download = await request.get(href!, { headers: bearer(tech) });
  expect(download.status()).toBe(200);
  expect(download.headers()['content-disposition']).toContain('attachment;');
  expect(download.headers()['x-content-type-options']).toBe('nosniff');

  // Restrict: the seat the events name is there, by its inventory name, with what it will block.
  await page.getByRole('button', { name: 'Restrict' }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog.getByRole('combobox', { name: 'Value' }).or(dialog.locator('mat-select').nth(1))).toContainText(
    `Front desk (${SEAT})`,
  );
  await expect(dialog.locator('.preview')).toContainText(
    `Blocks: Seat Front desk (${SEAT}, extension 142, Boston office) of HARB009: its calls are refused`,
  );
  await shot(page, info, 'ticket-page-restrict-dialog-1440');
  await dialog.getByRole('button', { name: 'Restrict', exact: true }).click();
  await expect(dialog).toBeHidden();
  await expect(page.locator('.badges')).toContainText('Restricted');
  await expect(page.getByRole('region', { name: /Restrictions/ })).toContainText(SEAT);
  await shot(page, info, 'ticket-page-1440');
  await context.close();
});

test('the customer sends a file from the portal; the NOC sees it', async ({ browser, request }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 } });
  const portal = await signedIn(context, 'dana@harborview.example.com');
  await portal.goto(`/portal/tickets/${main.id}`);
  const files = portal.getByRole('region', { name: 'Files' });
  await expect(files.getByRole('link', { name: 'carrier notice.pdf' })).toBeVisible();
  await files.locator('input[type="file"]').setInputFiles({
    name: '../pbx calls.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('time,number\n2026-11-27T03:12:00Z,+5321550101\n'),
  });
  await expect(files.getByRole('link', { name: 'pbx calls.csv' })).toBeVisible();
  await expect(files).toContainText('CSV · 45 B · Dana Reyes');
  await expect(files.getByRole('checkbox')).toHaveCount(0);
  await context.close();

  const list = await request.get(`/api/tickets/${main.id}/attachments`, { headers: bearer(tech) });
  expect(list.status()).toBe(200);
  expect((await list.json()).items.map((f: { filename: string }) => f.filename)).toContain('pbx calls.csv');
});

test('on a 390 px phone the exposure, restrictions and actions come first, with no sideways scrolling', async ({
  browser,
}, info) => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await signedIn(context, 'tech@e2e.local');
  await page.goto(`/tickets/${main.id}`);
  const actions = page.getByRole('group', { name: 'Actions' });
  const exposure = page.getByRole('region', { name: 'Exposure' });
  const restrictions = page.getByRole('region', { name: /Restrictions/ });
  const why = page.getByRole('region', { name: 'Why it was raised' });
  await expect(restrictions).toContainText(SEAT);
  await expect(page.getByRole('table', { name: 'What this case names' })).toBeVisible();
  const top = async (l: ReturnType<Page['locator']>) => (await l.boundingBox())!.y;
  expect(await top(actions)).toBeLessThan(await top(exposure));
  expect(await top(exposure)).toBeLessThan(await top(restrictions));
  expect(await top(restrictions)).toBeLessThan(await top(why));
  const widths = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  await shot(page, info, 'ticket-page-390');
  await context.close();
});

test('the restrictions panel shows its rows whole at 1024, 1280 and 1440 px', async ({ browser }) => {
  for (const width of [1024, 1280, 1440]) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await signedIn(context, 'tech@e2e.local');
    await page.goto(`/tickets/${main.id}`);
    const panel = page.getByRole('region', { name: /Restrictions/ });
    await expect(panel).toContainText(SEAT);
    const fit = await panel.evaluate((el) => {
      const table = el.querySelector('table')!.getBoundingClientRect();
      const box = el.getBoundingClientRect();
      return { table: table.right, panel: box.right, page: document.documentElement.scrollWidth <= innerWidth };
    });
    expect(fit.table, `at ${width} px`).toBeLessThanOrEqual(fit.panel);
    expect(fit.page, `at ${width} px`).toBe(true);
    await context.close();
  }
});
