import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import nodemailer from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/free-port.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

const run = promisify(execFile);

const message = (n: string) =>
  [
    'From: Carrier Desk <desk@upstream-carrier.example>',
    'To: noc@carrier.example',
    `Subject: Listener test ${n}`,
    `Message-ID: <listener-${n}@upstream-carrier.example>`,
    '',
    'Hello.',
    '',
  ].join('\r\n');

describe('the inbound SMTP listener: STARTTLS with a certificate, and the client allow-list (real sockets)', () => {
  let t: TestApp;
  let port: number;
  let dir: string;
  let cert: Buffer;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tollgate-tls-'));
    const key = path.join(dir, 'key.pem');
    const crt = path.join(dir, 'cert.pem');
    // A self-signed certificate for the name the client will check.
    await run('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=intake.tollgate.test',
      '-addext', 'subjectAltName=DNS:intake.tollgate.test', '-keyout', key, '-out', crt,
    ]); // prettier-ignore
    cert = await readFile(crt);
    port = await freePort();
    t = await createTestApp({
      INBOUND_SMTP_PORT: String(port),
      INBOUND_SMTP_TLS_KEY: key,
      INBOUND_SMTP_TLS_CERT: crt,
      // 127.0.0.2 is loopback too, but not on the list.
      INBOUND_SMTP_ALLOWED_CLIENTS: '127.0.0.1, 10.20.0.0/16',
    });
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const send = (n: string, opts: Record<string, unknown>) =>
    nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, pool: false, ...opts }).sendMail({
      envelope: { from: 'desk@upstream-carrier.example', to: ['alerts@tollgate.local'] },
      raw: message(n),
    });
  const stored = async (n: string) =>
    (
      await t.db.query(`SELECT via FROM inbound_emails WHERE message_id = $1`, [
        `<listener-${n}@upstream-carrier.example>`,
      ])
    ).rows;

  it('upgrades to TLS with the configured certificate and takes the message in', async () => {
    const info = await send('tls', {
      requireTLS: true,
      // Verified against our own certificate: the session really ran over it.
      tls: { ca: [cert], servername: 'intake.tollgate.test' },
    });
    expect(info.response).toMatch(/^250 Accepted /);
    expect(await stored('tls')).toEqual([{ via: 'smtp' }]);
  });

  it('a client that checks for another certificate does not get through', async () => {
    const other = await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=x', '-keyout', path.join(dir, 'k2.pem'), '-out', path.join(dir, 'c2.pem')]); // prettier-ignore
    expect(other).toBeDefined();
    await expect(
      send('wrong-ca', {
        requireTLS: true,
        tls: { ca: [await readFile(path.join(dir, 'c2.pem'))], servername: 'intake.tollgate.test' },
      }),
    ).rejects.toThrow();
    expect(await stored('wrong-ca')).toEqual([]);
  });

  it('refuses a client outside the allow-list with 554 and takes nothing in; a listed client still gets through', async () => {
    const refused = await send('outsider', {
      localAddress: '127.0.0.2',
      requireTLS: true,
      tls: { ca: [cert], servername: 'intake.tollgate.test' },
    }).then(
      () => null,
      (e: { responseCode?: number; message: string }) => e,
    );
    expect(refused?.responseCode).toBe(554);
    expect(refused?.message).toContain('127.0.0.2 may not send mail here');
    expect(await stored('outsider')).toEqual([]);
    const info = await send('insider', { requireTLS: true, tls: { ca: [cert], servername: 'intake.tollgate.test' } });
    expect(info.response).toMatch(/^250 /);
  });
});
