import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataSource } from 'typeorm';
import { eventually } from '../../test/cases.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { Outbox, type OutboxKind } from './outbox.js';
import { OutboxQueue, SkipDelivery } from './outbox-queue.js';

const policy = { maxAttempts: 3, backoffSeconds: () => 600, leaseSeconds: 60 };
const mail = (subject: string) => ({ to: ['noc@example.net'], subject, text: 'x' });

describe(OutboxQueue.name, () => {
  let t: TestApp;
  let sut: OutboxQueue;
  let outbox: Outbox;
  const delivered: string[] = [];
  let releaseStuck: () => void = () => {};

  beforeAll(async () => {
    t = await createTestApp();
    sut = t.app.get(OutboxQueue);
    outbox = t.app.get(Outbox);
    // Three kinds of our own: one whose server hangs, one that is down, one that works.
    sut.register(
      'test_stuck' as OutboxKind,
      {
        deliver: () => new Promise<void>((resolve) => (releaseStuck = resolve)),
      },
      policy,
    );
    sut.register(
      'test_down' as OutboxKind,
      {
        deliver: async () => {
          throw new Error('connection refused');
        },
      },
      policy,
    );
    sut.register(
      'test_ok' as OutboxKind,
      {
        deliver: async (d) => {
          if (d.payload.subject === 'never') throw new SkipDelivery('nobody to tell');
          delivered.push(d.payload.subject);
        },
      },
      policy,
    );
  });
  afterAll(async () => {
    releaseStuck();
    await t.close();
  });

  const statusOf = async (kind: string) =>
    (await t.db.query(`SELECT status, attempts, last_error FROM outbox WHERE kind = $1 ORDER BY id`, [kind])).rows;

  it('delivers each kind in its own lane: a hanging or failing kind holds up no other', async () => {
    await t.app.get(DataSource).transaction((m) =>
      outbox.enqueue(m, [
        { kind: 'test_stuck' as OutboxKind, ticketId: null, payload: mail('stuck') },
        { kind: 'test_down' as OutboxKind, ticketId: null, payload: mail('down') },
        { kind: 'test_ok' as OutboxKind, ticketId: null, payload: mail('first') },
        { kind: 'test_ok' as OutboxKind, ticketId: null, payload: mail('second') },
        { kind: 'test_ok' as OutboxKind, ticketId: null, payload: mail('never') },
      ]),
    );
    sut.kick();
    await eventually(async () => {
      expect(delivered).toEqual(['first', 'second']);
      expect(await statusOf('test_ok')).toEqual([
        { status: 'done', attempts: 1, last_error: null },
        { status: 'done', attempts: 1, last_error: null },
        { status: 'skipped', attempts: 1, last_error: 'nobody to tell' },
      ]);
      expect(await statusOf('test_down')).toEqual([
        { status: 'pending', attempts: 1, last_error: 'connection refused' },
      ]);
    });
    // The hanging delivery is still in flight, leased to this worker.
    expect(await statusOf('test_stuck')).toEqual([{ status: 'pending', attempts: 1, last_error: null }]);
    releaseStuck();
    await eventually(async () =>
      expect(await statusOf('test_stuck')).toEqual([{ status: 'done', attempts: 1, last_error: null }]),
    );
  });

  it('queues messages that belong to no ticket, each with its own Message-ID', async () => {
    await t.app.get(DataSource).transaction((m) =>
      outbox.enqueue(m, [
        { kind: 'test_ok' as OutboxKind, ticketId: null, payload: mail('rota reminder') },
        { kind: 'test_ok' as OutboxKind, ticketId: null, payload: mail('blacklist alert') },
      ]),
    );
    const { rows } = await t.db.query(
      `SELECT ticket_id, message_id FROM outbox WHERE payload->>'subject' IN ('rota reminder', 'blacklist alert')`,
    );
    expect(rows).toHaveLength(2);
    expect(rows.every((r) => r.ticket_id === null)).toBe(true);
    expect(new Set(rows.map((r) => r.message_id)).size).toBe(2);
    sut.kick();
    await eventually(() => expect(delivered).toEqual(expect.arrayContaining(['rota reminder', 'blacklist alert'])));
  });
});
