import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxeBuilder } from '@axe-core/playwright';
import { type APIRequestContext, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { apiLogin, PASSWORD, seed } from './helpers.js';

// Issue 13's NOC console as people use it: a case raised through the API reaches an open queue by itself, the
// technician works it to the end through its next steps, the queue works on a phone, the pages pass an
// accessibility check, and screenshots of each page at desktop and phone width are kept for a person to look at.

const RUN = Date.now().toString(36);
const SCREENSHOTS = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts', 'screenshots');
const DESKTOP = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };

let adminToken: string;
let techToken: string;
let cdrIds: string[] = [];
const opened: string[] = [];

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function getJson(request: APIRequestContext, url: string, token: string) {
  const res = await request.get(url, { headers: bearer(token) });
  expect(res.status(), `GET ${url}: ${await res.text()}`).toBe(200);
  return res.json();
}

/** A browser session signed in through the API (the session cookie lands in the context). */
async function signedIn(context: BrowserContext, email: string): Promise<Page> {
  const res = await context.request.post('/api/auth/login', { data: { email, password: PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  return context.newPage();
}

/** Serious and critical WCAG 2 A/AA violations on the page as it is now, one line each. */
async function accessibilityProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/** How far the page scrolls sideways: the document, or the shell's content pane (which scrolls by itself). */
async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() =>
    Math.max(
      ...[document.documentElement, document.querySelector('mat-sidenav-content')]
        .filter((el): el is Element => el !== null)
        .map((el) => el.scrollWidth - el.clientWidth),
    ),
  );
}

/** The whole page in one picture: the shell scrolls its content pane, so the window grows to hold it. */
async function screenshotWhole(page: Page, file: string): Promise<void> {
  const size = page.viewportSize()!;
  const content = await page.evaluate(() => {
    const pane = document.querySelector('mat-sidenav-content');
    return pane ? pane.scrollHeight + pane.getBoundingClientRect().top : document.documentElement.scrollHeight;
  });
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, Math.ceil(content)) });
  await page.screenshot({ path: file, fullPage: true });
  await page.setViewportSize(size);
}

/** A block case on Harborview with three calls to Cuba as its evidence; returns its id and number. */
async function raiseCase(request: APIRequestContext, tag: string): Promise<{ id: string; number: string }> {
  const created = await request.post('/api/events', {
    headers: bearer(adminToken),
    data: {
      accountCode: 'HARB009',
      kind: 'threshold',
      severity: 'block',
      dedupeKey: `console-${tag}-${RUN}`,
      summary: `Console ${tag} ${RUN}: calls to Cuba from seat 142 above the block threshold`,
      occurredAt: new Date().toISOString(),
      restrictions: [{ kind: 'destination', value: '+5372' }],
      evidence: { cdrIds, from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { ticketId } = await created.json();
  opened.push(ticketId);
  const ticket = await getJson(request, `/api/tickets/${ticketId}`, adminToken);
  expect(ticket.state).toBe('restricted');
  return { id: ticketId, number: ticket.number };
}

test.beforeAll(async ({ request }) => {
  ({ adminToken } = await seed(request));
  techToken = await apiLogin(request, 'tech@e2e.local', PASSWORD);
  const started = (minutesAgo: number) =>
    new Date(Date.now() - minutesAgo * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const csv = [
    'call_id,account,source_ip,sip_user,from,to,start,billsec,disposition',
    `nc-${RUN}-1,HARB009,203.0.113.10,harb-142,+16175550142,+5372345678,${started(50)},420,ANSWERED`,
    `nc-${RUN}-2,HARB009,203.0.113.10,harb-142,+16175550142,+5372345679,${started(35)},380,ANSWERED`,
    `nc-${RUN}-3,HARB009,203.0.113.10,harb-142,+16175550142,+5372345680,${started(20)},610,ANSWERED`,
  ].join('\n');
  const imported = await request.post('/api/cdrs/import?format=generic', {
    headers: { ...bearer(techToken), 'content-type': 'text/csv' },
    data: csv,
  });
  expect(imported.status(), await imported.text()).toBe(201);
  const customers = (await getJson(request, '/api/customers', techToken)).items as {
    id: string;
    accountCode: string;
  }[];
  const harb = customers.find((c) => c.accountCode === 'HARB009')!;
  const cdrs = (await getJson(request, `/api/cdrs?customerId=${harb.id}&limit=500`, techToken)).items as {
    id: string;
    callId: string;
  }[];
  cdrIds = cdrs.filter((c) => c.callId.startsWith(`nc-${RUN}`)).map((c) => c.id);
  expect(cdrIds).toHaveLength(3);
  await mkdir(SCREENSHOTS, { recursive: true });
});

test.afterAll(async ({ request }) => {
  // Leave no case open (nor its block in force) for the other specs.
  for (const id of opened) {
    const now = await getJson(request, `/api/tickets/${id}`, adminToken);
    if (!now.allowedEvents.includes('DISMISS')) continue;
    const dismissed = await request.post(`/api/tickets/${id}/events`, {
      headers: bearer(adminToken),
      data: { type: 'DISMISS', version: now.version, reason: 'e2e clean-up' },
    });
    expect(dismissed.status(), await dismissed.text()).toBe(200);
  }
});

test('acceptance 1: a raised case reaches the open queue by itself, is taken, opened and lifted through its next steps; the phone queue shows exposure and actions', async ({
  browser,
  request,
}) => {
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await signedIn(context, 'tech@e2e.local');
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Queue', level: 1 })).toBeVisible();
  await expect(page.getByText('Live', { exact: true })).toBeVisible();

  const ticket = await raiseCase(request, 'lifecycle');
  // No reload: the stream brings the row.
  const row = page.getByRole('row', { name: new RegExp(ticket.number) });
  await expect(row).toBeVisible({ timeout: 10_000 });
  await expect(row).toContainText('Customer'); // restricted: it waits on the customer's review
  await expect(row).toContainText('$');
  await row.getByRole('button', { name: `Take ${ticket.number}` }).click();
  await expect(row.getByRole('cell', { name: 'You' })).toBeVisible();

  // The customer answers (their own session, through the API): the source is removed.
  const customer = await apiLogin(request, 'dana@harborview.example.com', PASSWORD);
  const seen = await getJson(request, `/api/tickets/${ticket.id}`, customer);
  const reviewed = await request.post(`/api/tickets/${ticket.id}/events`, {
    headers: bearer(customer),
    data: {
      type: 'CUSTOMER_REVIEW',
      version: seen.version,
      verdict: 'fraudulent',
      message: 'Seat 142 was hacked; we changed its password.',
      sourceRemoved: true,
    },
  });
  expect(reviewed.status(), await reviewed.text()).toBe(200);

  await row.getByRole('link', { name: ticket.number }).click();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(ticket.number);
  const calls = page.getByRole('table', { name: 'Calls of this case' });
  await expect(calls.getByRole('row')).toHaveCount(4); // a header and three calls
  await expect(calls).toContainText('Cuba');
  await expect(page.getByRole('img', { name: /^Calls and cost per / })).toBeVisible();

  const actions = page.getByRole('group', { name: 'Actions' });
  await actions.getByRole('button', { name: 'Confirm source removed' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Confirm source removed' }).click();
  await expect(page.locator('.badges')).toContainText('Source removed');
  await actions.getByRole('button', { name: 'Lift restrictions' }).click();
  // Nobody ticked the investigation checklist: lifting asks first, then the lift's own dialog.
  const unfinished = page.getByRole('dialog');
  await expect(unfinished.getByRole('heading', { name: 'Lift with the checklist unfinished?' })).toBeVisible();
  await unfinished.getByRole('button', { name: 'Lift anyway' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Lift restrictions' }).click();
  await expect(page.locator('.badges')).toContainText('Restrictions lifted');
  expect((await getJson(request, `/api/tickets/${ticket.id}`, techToken)).state).toBe('restrictions_lifted');
  await context.close();

  // On a phone: the case's exposure and its action come first, and the page never scrolls sideways.
  const phoneCase = await raiseCase(request, 'phone');
  const phone = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true });
  const onPhone = await signedIn(phone, 'tech@e2e.local');
  await onPhone.goto('/');
  const card = onPhone.getByRole('row', { name: new RegExp(phoneCase.number) });
  await expect(card).toBeVisible();
  const exposure = card.getByRole('cell', { name: /^Exposure \$/ });
  const take = card.getByRole('button', { name: `Take ${phoneCase.number}` });
  await expect(exposure).toBeInViewport();
  await expect(take).toBeInViewport();
  const [exposureBox, titleBox] = [
    await exposure.boundingBox(),
    await card.getByRole('cell', { name: /Console phone/ }).boundingBox(),
  ];
  expect(exposureBox!.y).toBeLessThan(titleBox!.y);
  expect(await horizontalOverflow(onPhone)).toBeLessThanOrEqual(0);
  await phone.close();
});

test('keyboard: / searches, j and k move through the queue, Enter opens the case', async ({ browser, request }) => {
  const ticket = await raiseCase(request, 'keyboard');
  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await signedIn(context, 'tech@e2e.local');
  await page.goto('/');
  await expect(page.getByRole('row', { name: new RegExp(ticket.number) })).toBeVisible();

  await page.keyboard.press('/');
  await expect(page.getByLabel('Search')).toBeFocused();
  await page.keyboard.type(`Console keyboard ${RUN}`);
  await expect(page.getByRole('row')).toHaveCount(2); // the header and the one case
  // Out of the search box, the letters are the queue's.
  await page.getByRole('heading', { name: 'Queue', level: 1 }).click();
  await page.keyboard.press('j');
  await expect(page.getByRole('row', { name: new RegExp(ticket.number) })).toBeFocused();
  await page.keyboard.press('k');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/tickets/${ticket.id}$`));
  await expect(page.getByRole('heading', { level: 1 })).toContainText(ticket.number);

  // On a page as it loads, the skip link is the first Tab stop and lands on the page's content.
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toContainText(ticket.number);
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  await context.close();
});

test('accessibility (axe, WCAG 2 A/AA): no serious or critical violations on the login page, the queue, a ticket page and the portal', async ({
  browser,
  request,
}) => {
  const ticket = await raiseCase(request, 'a11y');

  const anonymous = await browser.newContext({ viewport: DESKTOP });
  const login = await anonymous.newPage();
  const consoleErrors: string[] = [];
  login.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  login.on('pageerror', (e) => consoleErrors.push(e.message));
  await login.goto('/login');
  await expect(login.getByRole('button', { name: 'Sign in' })).toBeVisible();
  expect(await accessibilityProblems(login)).toEqual([]);
  expect(consoleErrors).toEqual([]);
  await anonymous.close();

  const context = await browser.newContext({ viewport: DESKTOP });
  const page = await signedIn(context, 'tech@e2e.local');
  await page.goto('/');
  await expect(page.getByRole('row', { name: new RegExp(ticket.number) })).toBeVisible();
  expect(await accessibilityProblems(page)).toEqual([]);
  await page.goto(`/tickets/${ticket.id}`);
  await expect(page.getByRole('table', { name: 'Calls of this case' }).getByRole('row')).toHaveCount(4);
  expect(await accessibilityProblems(page)).toEqual([]);
  await context.close();

  const portalContext = await browser.newContext({ viewport: DESKTOP });
  const portal = await signedIn(portalContext, 'dana@harborview.example.com');
  await portal.goto('/');
  await expect(portal.getByRole('heading', { name: 'My tickets', level: 1 })).toBeVisible();
  await expect(portal.getByRole('link', { name: ticket.number })).toBeVisible();
  expect(await accessibilityProblems(portal)).toEqual([]);
  await portal.getByRole('link', { name: ticket.number }).click();
  await expect(portal.getByRole('heading', { level: 1 })).toContainText(ticket.number);
  expect(await accessibilityProblems(portal)).toEqual([]);
  await portalContext.close();
});

test('screenshots of the queue, a ticket page, the portal and the usage dashboard at 1440 px and 390 px', async ({
  browser,
  request,
}) => {
  const ticket = await raiseCase(request, 'screens');
  for (const [size, viewport] of [
    ['1440', DESKTOP],
    ['390', PHONE],
  ] as const) {
    const phone = size === '390';
    const staff = await browser.newContext({ viewport, isMobile: phone, hasTouch: phone });
    const page = await signedIn(staff, 'tech@e2e.local');
    const save = async (p: Page, name: string) => {
      await screenshotWhole(p, path.join(SCREENSHOTS, `${name}-${size}.png`));
      // The queue fits its width; for the other pages the report says how far they scroll sideways.
      const overflow = await horizontalOverflow(p);
      if (name === 'queue') expect(overflow, `the queue at ${size} px scrolls sideways`).toBeLessThanOrEqual(0);
      else if (overflow > 0)
        test.info().annotations.push({ type: 'overflow', description: `${name} at ${size} px: ${overflow} px` });
    };

    await page.goto('/');
    await expect(page.getByRole('row', { name: new RegExp(ticket.number) })).toBeVisible();
    await save(page, 'queue');
    await page.goto(`/tickets/${ticket.id}`);
    await expect(page.getByRole('table', { name: 'Calls of this case' }).getByRole('row')).toHaveCount(4);
    await save(page, 'ticket');
    await page.goto('/usage');
    await expect(page.getByRole('heading', { name: 'Usage', level: 1 })).toBeVisible();
    await page.waitForLoadState('networkidle');
    await save(page, 'usage');
    await staff.close();

    const customer = await browser.newContext({ viewport, isMobile: phone, hasTouch: phone });
    const portal = await signedIn(customer, 'dana@harborview.example.com');
    await portal.goto('/');
    await expect(portal.getByRole('link', { name: ticket.number })).toBeVisible();
    await save(portal, 'portal');
    await portal.getByRole('link', { name: ticket.number }).click();
    await expect(portal.getByRole('heading', { level: 1 })).toContainText(ticket.number);
    await save(portal, 'portal-ticket');
    await customer.close();
  }
});
