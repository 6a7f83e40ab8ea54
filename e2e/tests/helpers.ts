import { type APIRequestContext, expect, type Page } from '@playwright/test';

export const ADMIN = { email: 'admin@e2e.local', password: 'e2e-admin-password' };
export const PASSWORD = 'e2e-user-password';

export async function apiLogin(request: APIRequestContext, email: string, password: string): Promise<string> {
  const res = await request.post('/api/auth/login', { data: { email, password } });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).accessToken;
}

/** Seeds customers (idempotent import) and a user per role, through the API. */
export async function seed(request: APIRequestContext) {
  const admin = await apiLogin(request, ADMIN.email, ADMIN.password);
  const auth = { authorization: `Bearer ${admin}` };
  const imp = await request.post('/api/customers/import', {
    headers: auth,
    data: {
      customers: [
        {
          name: 'Harborview Logistics',
          accountCode: 'HARB009',
          timezone: 'America/New_York',
          state: 'MA',
          ips: ['203.0.113.10', '198.51.100.0/28'],
          contacts: [{ name: 'Dana Reyes', email: 'dana@harborview.example.com' }],
          groups: [
            {
              name: 'Boston office',
              externalId: 'HARB009-BOSTON',
              seats: [
                {
                  userId: '6175550142@harborview.voip.example.net',
                  sipUsername: 'harb-142',
                  name: 'Front desk',
                  did: '+16175550142',
                  extension: '142',
                },
                {
                  userId: '6175550143@harborview.voip.example.net',
                  sipUsername: 'harb-143',
                  name: 'Warehouse',
                  did: '+16175550143',
                  extension: '143',
                },
              ],
            },
          ],
        },
        {
          name: 'Acme Dental',
          accountCode: 'ACME01',
          timezone: 'America/Chicago',
          state: 'IL',
          ips: ['192.0.2.20'],
          groups: [],
          contacts: [],
        },
      ],
    },
  });
  expect(imp.status(), await imp.text()).toBe(200);
  const list = await request.get('/api/customers', { headers: auth });
  expect(list.status(), await list.text()).toBe(200);
  const customers = (await list.json()).items as { id: string; accountCode: string }[];
  const harb = customers.find((c) => c.accountCode === 'HARB009')!;
  for (const [role, email] of [
    ['technician', 'tech@e2e.local'],
    ['customer', 'dana@harborview.example.com'],
  ] as const) {
    const created = await request.post('/api/users', {
      headers: auth,
      data: {
        email,
        password: PASSWORD,
        name: role === 'customer' ? 'Dana Reyes' : 'Terry Tech',
        role,
        customerId: role === 'customer' ? harb.id : undefined,
      },
    });
    // Every spec file seeds: the first creates the user, the later ones find it there (one data folder per run).
    const answer = await created.text();
    const taken = created.status() === 409 && JSON.parse(answer).code === 'user_email_taken';
    if (!taken) expect(created.status(), answer).toBe(201);
    await apiLogin(request, email, PASSWORD);
  }
  return { adminToken: admin, customers };
}

export async function uiLogin(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}
