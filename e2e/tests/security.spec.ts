import { expect, type Page, test } from '@playwright/test';
import { ADMIN, apiLogin, seed, uiLogin } from './helpers.js';

test.beforeAll(async ({ request }) => {
  const { adminToken } = await seed(request);
  // A little traffic, so that the usage page draws its charts.
  const run = Date.now().toString(36);
  const at = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z');
  const imported = await request.post('/api/cdrs/import?format=generic', {
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'text/csv' },
    data: [
      'call_id,account,source_ip,sip_user,from,to,start,billsec,disposition',
      `sec-${run}-1,HARB009,203.0.113.10,harb-142,+16175550142,+37181431366,${at},120,ANSWERED`,
      `sec-${run}-2,HARB009,203.0.113.10,harb-142,+16175550142,+12125550101,${at},60,ANSWERED`,
    ].join('\n'),
  });
  expect(imported.status(), await imported.text()).toBe(201);
});

/** Every CSP violation the page reports, from the console and from `securitypolicyviolation` events. */
async function cspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  await page.exposeFunction('reportCspViolation', (v: string) => violations.push(v));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || 'inline'}`,
      ),
    ),
  );
  return violations;
}

test('the web app runs under its CSP, and its cookie session makes changes and signs out', async ({ page }) => {
  const violations = await cspViolations(page);
  await uiLogin(page, ADMIN.email, ADMIN.password);
  await expect(page.getByRole('heading', { name: 'Queue', level: 1 })).toBeVisible();
  // The stylesheet is switched on by the inline onload handler the CSP allows by its hash.
  await expect(page.locator('link[rel="stylesheet"]').first()).toHaveAttribute('media', 'all');

  await page.getByRole('link', { name: 'Usage' }).click();
  await expect(page.getByRole('heading', { name: 'Usage', level: 1 })).toBeVisible();
  await expect(page.locator('canvas').first()).toBeVisible();
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download CSV' }).first().click();
  expect((await download).suggestedFilename()).toMatch(/\.csv$/);

  await page.getByRole('link', { name: 'Users' }).click();
  await page.getByRole('button', { name: 'New user' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('Email').fill('weak@e2e.local');
  await dialog.getByLabel('Name').fill('Weak Password');
  await dialog.getByRole('combobox', { name: 'Role' }).click();
  await page.getByRole('option', { name: 'Manager' }).click();
  await expect(dialog.getByRole('combobox', { name: 'Role' })).toContainText('Manager');
  await dialog.getByLabel('Password').fill('password1234');
  await expect(dialog.getByLabel('Password')).toHaveValue('password1234');
  const created = page.waitForResponse((r) => r.url().endsWith('/api/users') && r.request().method() === 'POST');
  await dialog.getByRole('button', { name: 'Create' }).click();
  expect((await created).status()).toBe(400);
  // A cookie-authenticated POST from the app itself passes the origin check and meets the policy.
  await expect(dialog.getByRole('alert')).toContainText(
    'password is too easy to guess: This is similar to a commonly used password.',
  );
  await dialog.getByRole('button', { name: 'Cancel' }).click();

  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  expect(violations).toEqual([]);
});

test('the API docs render under their CSP', async ({ page }) => {
  const violations = await cspViolations(page);
  await page.goto('/api/docs');
  await expect(page.getByRole('heading', { name: /Tollgate API/ })).toBeVisible();
  await expect(page.getByText('/api/auth/login').first()).toBeVisible();
  expect(violations).toEqual([]);
});

test('after repeated wrong passwords the login page shows the server’s rate-limit message', async ({
  page,
  request,
}) => {
  const admin = await apiLogin(request, ADMIN.email, ADMIN.password);
  const email = 'rate-limited@e2e.local';
  const created = await request.post('/api/users', {
    headers: { authorization: `Bearer ${admin}` },
    data: { email, password: 'pebble-orchard-signal', name: 'Rita Limit', role: 'engineer' },
  });
  expect(created.status(), await created.text()).toBe(201);

  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  const attempt = async (password: string) => {
    await page.getByLabel('Password').fill(password);
    const answer = page.waitForResponse('**/api/auth/login');
    await page.getByRole('button', { name: 'Sign in' }).click();
    return (await answer).status();
  };
  // LOGIN_LIMIT_PER_ACCOUNT is 5 by default.
  for (let i = 0; i < 5; i++) {
    expect(await attempt(`wrong-password-${i}`)).toBe(401);
    await expect(page.getByRole('alert')).toHaveText('Wrong email or password');
  }
  expect(await attempt('pebble-orchard-signal')).toBe(429);
  await expect(page.getByRole('alert')).toHaveText(/^\s*Too many failed logins; try again in \d+ s\s*$/);
  await expect(page).toHaveURL(/\/login/);
});
