import { readFile } from 'node:fs/promises';
import { type APIRequestContext, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { apiLogin, PASSWORD, seed } from './helpers.js';

// The whole case, end to end, each person in their own browser session:
// detected → restricted (technician, from the queue) → customer_reviewed (customer, portal)
// → charges_accepted → restrictions_lifted (technician, workspace), and the blocklist empties.

test.use({ viewport: { width: 1400, height: 1400 } });

const RUN = Date.now().toString(36);
let tech: string;
let ticket: { id: string; number: string };

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The JSON of a GET, once its status is 200. */
async function getJson(request: APIRequestContext, url: string, headers: Record<string, string>) {
  const res = await request.get(url, { headers });
  expect(res.status(), `GET ${url}: ${await res.text()}`).toBe(200);
  return res.json();
}

/** A browser session signed in through the API (the session cookie lands in the context). */
async function signedIn(context: BrowserContext, email: string): Promise<Page> {
  const res = await context.request.post('/api/auth/login', { data: { email, password: PASSWORD } });
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
  tech = await apiLogin(request, 'tech@e2e.local', PASSWORD);
  const headers = bearer(tech);

  // Evidence first: the calls the event is about.
  const started = (minutesAgo: number) =>
    new Date(Date.now() - minutesAgo * 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const csv = [
    'call_id,account,source_ip,sip_user,from,to,start,billsec,disposition',
    `lc-${RUN}-1,HARB009,203.0.113.77,harb-142,+16175550142,+5372345678,${started(50)},420,ANSWERED`,
    `lc-${RUN}-2,HARB009,203.0.113.77,harb-142,+16175550142,+5372345679,${started(40)},380,ANSWERED`,
    `lc-${RUN}-3,HARB009,203.0.113.77,harb-142,+16175550142,+5372345680,${started(30)},0,NO ANSWER`,
  ].join('\n');
  const imported = await request.post('/api/cdrs/import?format=generic', {
    headers: { ...headers, 'content-type': 'text/csv' },
    data: csv,
  });
  expect(imported.status(), await imported.text()).toBe(201);
  expect((await imported.json()).imported).toBe(3);

  const customers = (await getJson(request, '/api/customers', headers)).items as {
    id: string;
    accountCode: string;
  }[];
  const harb = customers.find((c) => c.accountCode === 'HARB009')!;
  const cdrs = (await getJson(request, `/api/cdrs?customerId=${harb.id}&limit=500`, headers)).items as {
    id: string;
    callId: string;
  }[];
  const cdrIds = cdrs.filter((c) => c.callId.startsWith(`lc-${RUN}`)).map((c) => c.id);
  expect(cdrIds).toHaveLength(3);

  const event = await request.post('/api/events', {
    headers,
    data: {
      accountCode: 'HARB009',
      kind: 'threshold',
      severity: 'warning',
      dedupeKey: `e2e-lifecycle-${RUN}`,
      summary: 'Calls to Cuba from seat 142 above the warning threshold',
      occurredAt: new Date().toISOString(),
      evidence: { cdrIds, from: started(60), to: new Date().toISOString() },
    },
  });
  expect(event.status(), await event.text()).toBe(201);
  const { ticketId } = await event.json();
  const body = await getJson(request, `/api/tickets/${ticketId}`, headers);
  expect(body.state).toBe('detected');
  ticket = { id: ticketId, number: body.number };
});

test('a ticket goes from detection to lifted restrictions through the queue, the portal and the workspace', async ({
  browser,
  request,
}, info) => {
  // 1. A technician restricts the ticket from the queue.
  const techContext = await browser.newContext();
  const techPage = await signedIn(techContext, 'tech@e2e.local');
  await techPage.goto('/');
  await expect(techPage.getByRole('heading', { name: 'Queue', level: 1 })).toBeVisible();
  const row = techPage.getByRole('row', { name: new RegExp(ticket.number) });
  await expect(row).toBeVisible();
  await expect(row.getByText('Detected')).toBeVisible();
  await row.getByRole('button', { name: 'Restrict' }).click();
  const restrict = techPage.getByRole('dialog');
  await expect(restrict.getByRole('heading', { name: `Restrict · ${ticket.number}` })).toBeVisible();
  await restrict.getByLabel('Value').fill('203.0.113.77');
  // Not a Harborview address: an IP block beyond the customer's inventory says why.
  await restrict.getByLabel('Reason for this IP block').fill('Source of the calls to Cuba; not a Harborview address');
  await restrict.getByRole('button', { name: 'Restrict', exact: true }).click();
  await expect(restrict).toBeHidden();
  await expect(row.getByText('Restricted')).toBeVisible();
  await shot(techPage, info, '1-queue-restricted');

  const blocked = await getJson(request, '/api/enforcement/blocklist', bearer(tech));
  expect(blocked.ips).toContain('203.0.113.77/32');

  // 2. The customer reads the case in the portal, downloads the CDRs and answers.
  const customerContext = await browser.newContext({ acceptDownloads: true });
  const portal = await signedIn(customerContext, 'dana@harborview.example.com');
  await portal.goto('/');
  await expect(portal.getByRole('heading', { name: 'My tickets', level: 1 })).toBeVisible();
  await portal.getByRole('link', { name: ticket.number }).click();
  await expect(portal.getByRole('heading', { level: 1 })).toContainText(ticket.number);
  await expect(portal.getByRole('region', { name: 'What is blocked' })).toContainText(
    'calls from the address 203.0.113.77',
  );

  const download = portal.waitForEvent('download');
  await portal.getByRole('link', { name: 'Download CDRs (CSV)' }).click();
  const file = await (await download).path();
  const cdrsCsv = await readFile(file, 'utf8');
  expect(cdrsCsv).toContain(`lc-${RUN}-1`);
  expect(cdrsCsv).toContain('5372345678');
  await expect(portal.getByRole('link', { name: 'Download report (PDF)' })).toBeVisible();

  await portal.getByRole('radio', { name: 'Legitimate – I accept the charges' }).check();
  await portal.getByRole('checkbox', { name: 'I accept the charges' }).check();
  await portal.getByLabel('Message', { exact: true }).fill('These were our own calls to our office in Havana.');
  await shot(portal, info, '2-portal-review');
  await portal.getByRole('button', { name: 'Submit review' }).click();
  await expect(portal.locator('.badges')).toContainText('Review received — we are checking your answer');
  await expect(portal.getByRole('button', { name: 'Submit review' })).toHaveCount(0);
  await shot(portal, info, '3-portal-reviewed');

  // 3. The technician confirms the charges were accepted and lifts the restrictions.
  await techPage.goto(`/tickets/${ticket.id}`);
  const actions = techPage.getByRole('group', { name: 'Actions' });
  await expect(techPage.locator('tg-timeline')).toContainText('These were our own calls');
  await shot(techPage, info, '4-workspace-reviewed');
  await actions.getByRole('button', { name: 'Confirm charges accepted' }).click();
  await techPage.getByRole('dialog').getByRole('button', { name: 'Confirm charges accepted' }).click();
  await expect(techPage.locator('.badges')).toContainText('Charges accepted');

  await actions.getByRole('button', { name: 'Lift restrictions' }).click();
  // Nobody ticked the investigation checklist: lifting asks first.
  const unfinished = techPage.getByRole('dialog');
  await expect(unfinished.getByRole('heading', { name: 'Lift with the checklist unfinished?' })).toBeVisible();
  await unfinished.getByRole('button', { name: 'Lift anyway' }).click();
  await techPage.getByRole('dialog').getByRole('button', { name: 'Lift restrictions' }).click();
  await expect(techPage.locator('.badges')).toContainText('Restrictions lifted');
  await expect(actions.getByRole('button', { name: 'Reopen' })).toBeVisible();
  await shot(techPage, info, '5-workspace-lifted');

  const headers = bearer(tech);
  const final = await getJson(request, `/api/tickets/${ticket.id}`, headers);
  expect(final.state).toBe('restrictions_lifted');
  expect(final.restrictions.every((r: { status: string }) => r.status === 'lifted')).toBe(true);
  // None of this case's restrictions is served to the switch any more (other specs' cases may still be).
  const blocklist = await getJson(request, '/api/enforcement/blocklist', headers);
  const served = JSON.stringify(blocklist);
  expect(final.restrictions.length).toBeGreaterThan(0);
  for (const r of final.restrictions as { value: string }[]) expect(served).not.toContain(JSON.stringify(r.value));

  await techContext.close();
  await customerContext.close();
});
