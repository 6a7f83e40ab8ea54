import { expect, test } from '@playwright/test';
import { ADMIN, seed, uiLogin } from './helpers.js';

test.beforeAll(async ({ request }) => {
  await seed(request);
});

test('an admin signs in through the login page, opens the customers list and a customer', async ({ page }, info) => {
  await uiLogin(page, ADMIN.email, ADMIN.password);
  await page.getByRole('link', { name: 'Customers' }).click();
  await expect(page.getByRole('heading', { name: 'Customers' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Harborview Logistics/ })).toBeVisible();
  await expect(page.getByRole('row', { name: /Acme Dental/ })).toBeVisible();

  await page.getByRole('link', { name: 'Harborview Logistics' }).click();
  await expect(page.getByRole('heading', { name: 'Harborview Logistics' })).toBeVisible();
  await expect(page.getByText('HARB009')).toBeVisible();
  await page.getByRole('tab', { name: /Groups and seats/ }).click();
  await expect(page.getByRole('cell', { name: '6175550142@harborview.voip.example.net' })).toBeVisible();
  await page.screenshot({ path: info.outputPath('customer-detail.png'), fullPage: true });
  await info.attach('customer-detail', { path: info.outputPath('customer-detail.png'), contentType: 'image/png' });
});

test('a wrong password shows the server message and stays on the login page', async ({ page }) => {
  await uiLogin(page, ADMIN.email, 'not-the-password');
  await expect(page.getByText('Wrong email or password')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test('a customer user sees only its own customer', async ({ page }) => {
  await uiLogin(page, 'dana@harborview.example.com', 'e2e-user-password');
  // Customers land on their tickets in the portal.
  await expect(page.getByRole('heading', { name: 'My tickets' })).toBeVisible();
  await page.getByRole('link', { name: 'Account' }).click();
  await expect(page.getByRole('heading', { name: 'Harborview Logistics' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Users' })).toHaveCount(0);
  await expect(page.getByText('Acme Dental')).toHaveCount(0);
});
