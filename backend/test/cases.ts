import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { expect } from 'vitest';
import { twoCustomers } from './fixtures.js';
import { ADMIN, type TestApp } from './harness.js';

export interface CaseWorld {
  admin: string;
  tech: string;
  engineer: string;
  manager: string;
  /** Harborview's portal user, and Acme's. */
  harbUser: string;
  acmeUser: string;
  harbId: string;
  acmeId: string;
  seats: Record<string, string>;
}

/** Two customers (the import shape of docs/api.md §Customers and inventory) and one user per role, all signed in. */
export async function caseWorld(t: TestApp): Promise<CaseWorld> {
  const admin = await t.login(ADMIN.email, ADMIN.password);
  const imp = await t.api('POST', '/api/customers/import', { token: admin, body: twoCustomers() });
  expect(imp.status).toBe(200);
  const list = await t.api('GET', '/api/customers', { token: admin });
  expect(list.status).toBe(200);
  const id = (code: string) => list.body.items.find((c: { accountCode: string }) => c.accountCode === code).id;
  const harbId = id('HARB009');
  const acmeId = id('ACME01');
  const users: [string, string, string, string | undefined][] = [
    ['tech', 'technician', 'tech@noc.test', undefined],
    ['engineer', 'engineer', 'oncall@noc.test', undefined],
    ['manager', 'manager', 'manager@noc.test', undefined],
    ['harbUser', 'customer', 'portal@harborview.example.com', harbId],
    ['acmeUser', 'customer', 'portal@acme-dental.example.com', acmeId],
  ];
  const tokens: Record<string, string> = {};
  for (const [key, role, email, customerId] of users) {
    const r = await t.api('POST', '/api/users', {
      token: admin,
      body: { email, password: 'a-long-password-1', name: `${key} user`, role, customerId },
    });
    expect(r.status).toBe(201);
    tokens[key] = await t.login(email, 'a-long-password-1');
  }
  const { rows } = await t.db.query(`SELECT id, user_id FROM seats`);
  const seats = Object.fromEntries(rows.map((r: { id: string; user_id: string }) => [r.user_id, r.id]));
  return { admin, harbId, acmeId, seats, ...tokens } as CaseWorld;
}

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  messageId: string;
  references: string[];
  headers: Map<string, unknown>;
  attachments: { filename: string; contentType: string; content: Buffer }[];
}

/** A real SMTP server in the test process, on a random port. */
export async function startTestSmtp(port = 0): Promise<{
  url: string;
  mails: ReceivedMail[];
  failNext(n: number): void;
  close(): Promise<void>;
}> {
  const mails: ReceivedMail[] = [];
  let failures = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, cb) {
      if (failures > 0) {
        failures--;
        return cb(Object.assign(new Error('452 mailbox temporarily unavailable'), { responseCode: 452 }));
      }
      cb();
    },
    onData(stream, session, cb) {
      simpleParser(stream)
        .then((m) => {
          mails.push({
            from: session.envelope.mailFrom ? (session.envelope.mailFrom as { address: string }).address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: m.subject ?? '',
            text: m.text ?? '',
            html: typeof m.html === 'string' ? m.html : '',
            messageId: m.messageId ?? '',
            references: ([] as string[]).concat(m.references ?? []),
            headers: m.headers,
            attachments: m.attachments.map((a) => ({
              filename: a.filename ?? '',
              contentType: a.contentType,
              content: a.content,
            })),
          });
          cb();
        })
        .catch(cb);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${bound}`,
    mails,
    failNext: (n) => (failures = n),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Polls until `check` passes (mail and the outbox are asynchronous). */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 5000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (e) {
      if (Date.now() > end) throw e;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

let occurred = Date.parse('2025-05-14T10:30:00Z');

/** POSTs a detected event (defaults: Harborview, a `threshold` warning) and returns the response. */
export async function postEvent(t: TestApp, token: string, body: Record<string, unknown> = {}) {
  return t.api('POST', '/api/events', {
    token,
    body: {
      accountCode: 'HARB009',
      kind: 'threshold',
      severity: 'warning',
      summary: 'Calls to Cuba above the warning threshold',
      occurredAt: new Date((occurred += 60_000)).toISOString(),
      ...body,
    },
  });
}

/** Opens a fresh case (a unique dedupe key) and returns its ticket id. */
export async function openCase(t: TestApp, token: string, body: Record<string, unknown> = {}): Promise<string> {
  const r = await postEvent(t, token, { dedupeKey: `case-${Math.random().toString(36).slice(2)}`, ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.ticketId;
}

/** Sends a ticket event at the ticket's current version, as `token` sees it. */
export async function act(
  t: TestApp,
  token: string,
  ticketId: string,
  type: string,
  payload: Record<string, unknown> = {},
) {
  const now = await t.api('GET', `/api/tickets/${ticketId}`, { token });
  expect(now.status, `GET the ticket as the actor: ${JSON.stringify(now.body)}`).toBe(200);
  return t.api('POST', `/api/tickets/${ticketId}/events`, {
    token,
    body: { type, version: now.body.version, ...payload },
  });
}
