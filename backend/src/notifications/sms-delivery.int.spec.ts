import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, eventually, openCase } from '../../test/cases.js';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { freePort } from '../../test/free-port.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { CaseService } from '../cases/case.service.js';
import { OutboxQueue } from './outbox-queue.js';

interface GatewayHit {
  to: string;
  body: string;
  authorization: string | undefined;
  idempotencyKey: string | undefined;
}

/** An SMS gateway in the test process: records each POST; while `down`, answers 503. */
async function startGateway(port: number) {
  const hits: GatewayHit[] = [];
  const state = { down: false };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      if (state.down) {
        res.writeHead(503).end('gateway overloaded');
        return;
      }
      const { to, body } = JSON.parse(raw);
      hits.push({
        to,
        body,
        authorization: req.headers.authorization,
        idempotencyKey: req.headers['idempotency-key'] as string | undefined,
      });
      res.writeHead(202, { 'content-type': 'application/json' }).end('{"queued":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { hits, state, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

const ENGINEER_PHONE = '+16175550111';
const ALERT_PHONE = '+13125550100';

describe('SMS through the HTTP gateway, through an outage (real PostgreSQL, in-process gateway)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  const smsRows = async (ticketId: string) =>
    (
      await t.db.query(
        `SELECT kind, status, attempts, message_id FROM outbox WHERE ticket_id = $1 AND kind LIKE '%sms' ORDER BY id`,
        [ticketId],
      )
    ).rows;

  beforeAll(async () => {
    const port = await freePort();
    gateway = await startGateway(port);
    t = await createTestApp({
      SMS_GATEWAY_URL: `http://127.0.0.1:${port}/send`,
      SMS_GATEWAY_TOKEN: 'gw-token-123',
      PUBLIC_URL: 'https://tollgate.carrier.example',
    });
    w = await caseWorld(t);
  });
  afterAll(async () => {
    await t.close();
    await gateway.close();
  });

  it('an engineer’s phone is E.164, checked when saved', async () => {
    const { items } = expectStatus(await t.api('GET', '/api/users', { token: w.admin }), 200).body;
    const engineer = items.find((u: { email: string }) => u.email === 'oncall@noc.test');
    expect(engineer.phone).toBeNull();
    const bad = await t.api('PATCH', `/api/users/${engineer.id}`, { token: w.admin, body: { phone: '617 555 0111' } });
    expectError(bad, 400, 'validation_failed');
    expect(JSON.stringify(bad.body.message)).toContain('phone');
    const ok = await t.api('PATCH', `/api/users/${engineer.id}`, { token: w.admin, body: { phone: ENGINEER_PHONE } });
    expect(expectStatus(ok, 200).body.phone).toBe(ENGINEER_PHONE);
  });

  it('pages the engineer on call by SMS; with the gateway down the SMS waits, then arrives once', async () => {
    gateway.state.down = true;
    const id = await openCase(t, w.tech);
    expectStatus(await act(t, w.tech, id, 'ESCALATE', { reason: 'Traffic to +882 growing fast' }), 200);
    await eventually(async () => {
      expect(await smsRows(id)).toMatchObject([{ kind: 'oncall_sms', status: 'pending', attempts: 1 }]);
    });
    expect(gateway.hits).toHaveLength(0);

    gateway.state.down = false;
    await t.db.query(`UPDATE outbox SET next_attempt_at = now() WHERE ticket_id = $1`, [id]);
    t.app.get(OutboxQueue).kick();
    await eventually(async () => expect(await smsRows(id)).toMatchObject([{ status: 'done', attempts: 2 }]));
    // Another sweep sends nothing twice.
    t.app.get(OutboxQueue).kick();
    await t.app.get(OutboxQueue).idle();
    const [row] = await smsRows(id);
    const hits = gateway.hits.filter((h) => h.idempotencyKey === row.message_id);
    expect(hits).toHaveLength(1);
    const { number } = expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.tech }), 200).body;
    expect(hits[0]).toMatchObject({ to: ENGINEER_PHONE, authorization: 'Bearer gw-token-123' });
    expect(hits[0].body).toMatch(
      new RegExp(`^Tollgate PAGE L1 ${number} Harborview Logistics\\. Ack: https://tollgate\\.carrier\\.example/ack/`),
    );
  });

  it('texts a customer’s alert contacts that have a phone, and mails those with an address', async () => {
    const contacts = [
      { name: 'NOC desk', email: 'noc@acme-dental.example.com', phone: ALERT_PHONE },
      { name: 'Night line', phone: '+13125550199' },
    ];
    expectStatus(
      await t.api('PATCH', `/api/customers/${w.acmeId}/detection`, {
        token: w.tech,
        body: { alerts: { contacts, minSeverity: 'warning' } },
      }),
      200,
    );
    const raised = await t.app.get(CaseService).raise(
      {
        customerId: w.acmeId,
        kind: 'threshold',
        severity: 'urgent',
        dedupeKey: 'sms-alert-1',
        summary: 'Calls to Latvia above the threshold',
        occurredAt: new Date().toISOString(),
      },
      'detector',
    );
    await eventually(() => {
      const texts = gateway.hits.filter((h) => h.body.includes(`/alerts/${raised.id}`));
      expect(texts.map((h) => h.to).sort()).toEqual([ALERT_PHONE, '+13125550199']);
      expect(texts[0].body).toBe(
        `Tollgate urgent alert ACME01: Calls to Latvia above the threshold https://tollgate.carrier.example/alerts/${raised.id}`,
      );
    });
    const mail = (
      await t.db.query(`SELECT kind, payload FROM outbox WHERE ticket_id = $1 AND kind = 'customer_mail'`, [
        raised.ticketId,
      ])
    ).rows.filter((r: { payload: { to: string[] } }) => r.payload.to[0] === 'noc@acme-dental.example.com');
    expect(mail).toHaveLength(1);
    expect(mail[0].payload.text).toMatch(/^Hello NOC desk,/);
  });
});

describe('SMS with no gateway: kept in the built-in mailbox, marked as SMS', () => {
  let t: TestApp;
  let w: CaseWorld;

  beforeAll(async () => {
    t = await createTestApp({ PUBLIC_URL: 'https://tollgate.carrier.example' });
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  it('an admin reads the page SMS in the mailbox, next to the page mail', async () => {
    const { items } = expectStatus(await t.api('GET', '/api/users', { token: w.admin }), 200).body;
    const engineer = items.find((u: { email: string }) => u.email === 'oncall@noc.test');
    expectStatus(
      await t.api('PATCH', `/api/users/${engineer.id}`, { token: w.admin, body: { phone: ENGINEER_PHONE } }),
      200,
    );
    const id = await openCase(t, w.tech);
    const { number } = expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.tech }), 200).body;
    expectStatus(await act(t, w.tech, id, 'ESCALATE', { reason: 'Traffic to +882' }), 200);
    const box = await eventually(async () => {
      const b = expectStatus(await t.api('GET', '/api/mailbox', { token: w.admin }), 200).body;
      expect(b.items.filter((m: { text: string }) => m.text.includes(number))).toHaveLength(2);
      return b.items.filter((m: { text: string }) => m.text.includes(number));
    });
    const sms = box.find((m: { channel: string }) => m.channel === 'sms');
    expect(sms).toMatchObject({ to: [ENGINEER_PHONE], subject: `SMS to ${ENGINEER_PHONE}`, html: null });
    expect(sms.text).toMatch(new RegExp(`^Tollgate PAGE L1 ${number} `));
    expect(box.find((m: { channel: string }) => m.channel === 'mail').to).toEqual(['oncall@noc.test']);
  });
});

describe('SMS to a provider’s own API: a form with its field names, the sender, Basic auth from the URL', () => {
  let t: TestApp;
  let w: CaseWorld;
  const hits: { path: string; type: string; authorization: string | undefined; fields: Record<string, string> }[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      hits.push({
        path: req.url ?? '',
        type: req.headers['content-type'] ?? '',
        authorization: req.headers.authorization,
        fields: Object.fromEntries(new URLSearchParams(raw)),
      });
      res.writeHead(201, { 'content-type': 'application/json' }).end('{"sid":"SM1"}');
    });
  });

  beforeAll(async () => {
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    t = await createTestApp({
      // Twilio's shape: https://<AccountSid>:<AuthToken>@api.twilio.com/2010-04-01/Accounts/<AccountSid>/Messages.json
      SMS_GATEWAY_URL: `http://AC123:s%40cret@127.0.0.1:${port}/2010-04-01/Accounts/AC123/Messages.json`,
      SMS_GATEWAY_FORMAT: 'form',
      SMS_GATEWAY_FIELDS: 'to=To, body=Body, from=From',
      SMS_GATEWAY_FROM: '+15005550006',
      PUBLIC_URL: 'https://tollgate.carrier.example',
    });
    w = await caseWorld(t);
  });
  afterAll(async () => {
    await t.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('pages the engineer through it', async () => {
    const { items } = expectStatus(await t.api('GET', '/api/users', { token: w.admin }), 200).body;
    const engineer = items.find((u: { email: string }) => u.email === 'oncall@noc.test');
    expectStatus(
      await t.api('PATCH', `/api/users/${engineer.id}`, { token: w.admin, body: { phone: ENGINEER_PHONE } }),
      200,
    );
    const id = await openCase(t, w.tech);
    const { number } = expectStatus(await t.api('GET', `/api/tickets/${id}`, { token: w.tech }), 200).body;
    expectStatus(await act(t, w.tech, id, 'ESCALATE', { reason: 'Traffic to +882' }), 200);
    await eventually(async () => expect(hits).toHaveLength(1));
    expect(hits[0]).toMatchObject({
      path: '/2010-04-01/Accounts/AC123/Messages.json',
      type: 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from('AC123:s@cret').toString('base64')}`,
    });
    expect(hits[0].fields).toMatchObject({ To: ENGINEER_PHONE, From: '+15005550006' });
    expect(hits[0].fields.Body).toMatch(new RegExp(`^Tollgate PAGE L1 ${number} `));
    expect(Object.keys(hits[0].fields).sort()).toEqual(['Body', 'From', 'To']);
  });

  it('refuses a field map it cannot use, naming it', async () => {
    const { loadConfig } = await import('../config/config.js');
    expect(() => loadConfig({ ...process.env, SMS_GATEWAY_FIELDS: 'phone=To' })).toThrow(
      /SMS_GATEWAY_FIELDS: "phone=To"/,
    );
    expect(() => loadConfig({ ...process.env, SMS_GATEWAY_FORMAT: 'xml' })).toThrow(
      /SMS_GATEWAY_FORMAT must be json or form/,
    );
  });
});
