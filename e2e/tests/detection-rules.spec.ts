import { type APIRequestContext, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { ADMIN, apiLogin, PASSWORD, seed } from './helpers.js';

// Detection from the NOC's side: an admin writes a rule in shadow mode, backtests it over CDRs already imported,
// sees what it would have done this week and promotes it to live; a technician opens the ticket a live rule
// raised and reads why.

test.use({ viewport: { width: 1500, height: 1200 } });

const RUN = Date.now().toString(36);
const STARTED = new Date().toISOString();
const SEAT = '6175550142@harborview.voip.example.net';
let admin: string;
const created: string[] = [];
const tickets: string[] = [];

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** `count` calls from Harborview's front desk via `ip` to `to`, a minute apart, ending `minutesAgo` ago. */
function burst(id: string, count: number, to: string, ip: string, minutesAgo: number): string {
  const lines = ['call_id,account,source_ip,sip_user,from,to,start,billsec,disposition'];
  for (let i = 0; i < count; i++) {
    const start = new Date(Date.now() - (minutesAgo + count - 1 - i) * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    lines.push(`${id}-${RUN}-${i},HARB009,${ip},harb-142,+16175550142,${to}${i},${start},60,ANSWERED`);
  }
  return lines.join('\n') + '\n';
}

async function importCdrs(request: APIRequestContext, csv: string, expected: number) {
  const res = await request.post('/api/cdrs/import?format=generic', {
    headers: { ...bearer(admin), 'content-type': 'text/csv' },
    data: csv,
  });
  expect(res.status(), await res.text()).toBe(201);
  expect((await res.json()).imported).toBe(expected);
}

/** A browser session signed in through the API (the session cookie lands in the context). */
async function signedIn(context: BrowserContext, email: string, password: string): Promise<Page> {
  const res = await context.request.post('/api/auth/login', { data: { email, password } });
  expect(res.status(), await res.text()).toBe(200);
  return context.newPage();
}

async function shot(page: Page, info: import('@playwright/test').TestInfo, name: string) {
  const path = info.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await info.attach(name, { path, contentType: 'image/png' });
}

test.beforeAll(async ({ request }) => {
  await seed(request);
  admin = await apiLogin(request, ADMIN.email, ADMIN.password);
  // Last night's traffic the backtest will find: 7 calls to Latvia in 7 minutes from one seat.
  await importCdrs(request, burst('lv-old', 7, '+3712000000', '203.0.113.10', 120), 7);
});

test.afterAll(async ({ request }) => {
  // One data folder serves every spec file of the run: leave no rule running and nothing blocked for the next ones.
  for (const id of created) {
    const res = await request.patch(`/api/rules/${id}`, { headers: bearer(admin), data: { enabled: false } });
    expect(res.status(), await res.text()).toBe(200);
  }
  // The tickets this spec opened, its own rules' and the seeded defaults' (the seat's international calls here
  // also cross the carriers' seat threshold, which intercepts the seat).
  const raised = await request.get(`/api/events?since=${encodeURIComponent(STARTED)}&shadow=false&limit=200`, {
    headers: bearer(admin),
  });
  expect(raised.status(), await raised.text()).toBe(200);
  for (const e of (await raised.json()).items as { ticketId: string | null }[])
    if (e.ticketId && !tickets.includes(e.ticketId)) tickets.push(e.ticketId);
  for (const id of tickets) {
    const now = await request.get(`/api/tickets/${id}`, { headers: bearer(admin) });
    expect(now.status(), await now.text()).toBe(200);
    const ticket = (await now.json()) as { state: string; version: number };
    if (ticket.state === 'dismissed' || ticket.state === 'restrictions_lifted') continue;
    const res = await request.post(`/api/tickets/${id}/events`, {
      headers: bearer(admin),
      data: { type: 'DISMISS', version: ticket.version, reason: 'e2e clean-up' },
    });
    expect(res.status(), await res.text()).toBe(200);
  }
});

test('an admin writes a rule in shadow mode, backtests it, sees its week and promotes it to live', async ({
  browser,
  request,
}, info) => {
  const page = await signedIn(await browser.newContext(), ADMIN.email, ADMIN.password);
  await page.goto('/rules');
  await expect(page.getByRole('heading', { name: 'Detection rules', level: 1 })).toBeVisible();
  await page.getByRole('link', { name: 'New rule' }).click();
  await expect(page.getByRole('heading', { name: 'New rule', level: 1 })).toBeVisible();

  const name = `Latvia burst ${RUN}`;
  await page.getByLabel('Name').fill(name);
  // Threshold, a group of countries, per seat, intercepting the seat: the form's defaults for a new rule.
  await page.getByLabel('Countries').fill('LV');
  await page.getByLabel('Window (minutes)').fill('10');
  await page.getByLabel('Warn at').fill('8');
  await page.getByLabel('Block at').fill('4');
  await expect(page.getByRole('radio', { name: /Shadow/ })).toBeChecked();

  // The API's refusal lands at the field it names.
  await page.getByRole('button', { name: 'Create in shadow mode' }).click();
  await expect(page.getByText('warn (8) must be below block (4)')).toBeVisible();
  await page.getByLabel('Warn at').fill('3');
  await page.getByLabel('Block at').fill('6');

  // The backtest over the last 7 days finds last night's burst: a warning, then a block intercepting the seat.
  await page.getByRole('button', { name: 'Run backtest' }).click();
  const results = page.getByRole('table', { name: 'Backtest events' });
  await expect(page.getByRole('status').filter({ hasText: 'event(s)' })).toContainText(
    /2 event\(s\) over \d+ customer\(s\)/,
  );
  await expect(results.getByRole('row')).toHaveCount(3);
  // Oldest first: the warning, then the block.
  const blockRow = results.getByRole('row').nth(2);
  await expect(blockRow).toContainText('HARB009');
  await expect(blockRow).toContainText(`6 calls in 5 min to LV from seat ${SEAT} (HARB009)`);
  await expect(blockRow).toContainText(`Seat ${SEAT}`);
  await expect(results.getByRole('row').nth(1)).toContainText('3 calls in 2 min to LV');
  await expect(results.getByRole('row').nth(1)).toContainText('warning');
  await expect(blockRow).toContainText('block');
  await shot(page, info, '1-rule-editor-backtest');

  await page.getByRole('button', { name: 'Create in shadow mode' }).click();
  await expect(page.getByRole('heading', { name: 'Detection rules', level: 1 })).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('shadow');
  await expect(row).toContainText('Calls to LV per seat');
  await expect(row).toContainText('warn 3 · block 6');
  await expect(row).toContainText('Intercepts the seat');
  await expect(row).toContainText('Never');
  const rules = await request.get('/api/rules', { headers: bearer(admin) });
  expect(rules.status()).toBe(200);
  const rule = ((await rules.json()).items as { id: string; name: string }[]).find((r) => r.name === name)!;
  created.push(rule.id);

  // Tonight's burst: the shadow rule records what it would have done, opening no ticket.
  await importCdrs(request, burst('lv-new', 6, '+3712100000', '203.0.113.10', 5), 6);
  await page.reload();
  await expect(row.getByRole('link', { name: '2 (1 block, 1 warn)' })).toBeVisible();
  await expect(row).toContainText('would have raised');
  await shot(page, info, '2-rules-shadow-week');

  await row.getByRole('link', { name: '2 (1 block, 1 warn)' }).click();
  await expect(page.getByRole('heading', { name: 'Detected events', level: 1 })).toBeVisible();
  const shadowEvents = page.getByRole('table', { name: 'Detected events' }).getByRole('row').filter({ hasText: name });
  await expect(shadowEvents).toHaveCount(2);
  await expect(shadowEvents.first()).toContainText('None (shadow)');
  await shot(page, info, '3-events-shadow');

  await page.goto('/rules');
  await row.getByRole('button', { name: `Promote ${name} to live` }).click();
  const confirm = page.getByRole('dialog');
  await expect(confirm).toContainText('would have raised 2 event(s) for 1 customer(s)');
  await confirm.getByRole('button', { name: 'Promote to live' }).click();
  await expect(confirm).toBeHidden();
  await expect(row).toContainText('live');
  await expect(row.getByRole('button', { name: /Promote/ })).toHaveCount(0);
  const promoted = await request.get(`/api/rules/${rule.id}`, { headers: bearer(admin) });
  expect(promoted.status()).toBe(200);
  expect(await promoted.json()).toMatchObject({ mode: 'live', enabled: true });
});

test('a technician opens the ticket a live rule raised and reads why', async ({ browser, request }, info) => {
  const name = `Cuba burst ${RUN}`;
  const res = await request.post('/api/rules', {
    headers: bearer(admin),
    data: {
      name,
      kind: 'threshold',
      scope: 'global',
      mode: 'live',
      params: {
        window: { minutes: 5 },
        block: 4,
        filter: { kind: 'country', countries: ['CU'] },
        per: 'ip',
        restriction: 'seat',
      },
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  created.push((await res.json()).id);
  await importCdrs(request, burst('cu', 4, '+537234560', '198.51.100.7', 3), 4);

  const page = await signedIn(await browser.newContext(), 'tech@e2e.local', PASSWORD);
  await page.goto('/events');
  const event = page.getByRole('row').filter({ hasText: name });
  await expect(event).toHaveCount(1);
  await expect(event).toContainText('4 calls in 3 min to CU from 198.51.100.7 (HARB009)');
  await event.getByRole('link', { name: 'Open ticket' }).click();
  await expect(page).toHaveURL(/\/tickets\/[0-9a-f-]{36}$/);
  tickets.push(page.url().split('/').pop()!);

  const why = page.getByRole('region', { name: 'Why it was raised' });
  await expect(why).toContainText(`Rule ‘${name}’ (Threshold)`);
  await expect(why).toContainText(`4 calls in 3 min to CU from 198.51.100.7 (HARB009); rule '${name}' blocks at 4`);
  await expect(why).toContainText('198.51.100.7');
  await expect(why).toContainText(SEAT);
  await expect(why).toContainText('Restricts:');
  await expect(page.getByRole('region', { name: /Restrictions/ })).toContainText(SEAT);
  await shot(page, info, '4-ticket-why');
});
