import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { caseWorld, type CaseWorld } from '../../test/cases.js';
import { createTestApp, type TestApp } from '../../test/harness.js';
import { HOSTILE_BODIES, HOSTILE_JSON_VALUES, runPooled } from '../../test/hostile.js';

// The lane answers `POST /api/enforcement/authorize` in front of Express. Express with the trailing slash routes
// the same request to the Nest controller, which the lane never answers: each request below goes to both, and
// the two answers must be the same. The Nest answer carries Express's ETag; the lane's does not: that tells
// which of the two answered.

const SWITCH_TOKEN = 'switch-token-for-the-lane';
const LANE = '/api/enforcement/authorize';
const NEST = '/api/enforcement/authorize/';
const call = { accountCode: 'HARB009', sourceIp: '203.0.113.10', caller: 'harb-143', callee: '+16175550199' };

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

/** One request with exactly these headers and bytes (fetch would add and refuse some). */
function send(
  baseUrl: string,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string | Buffer,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${baseUrl}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** What a client sees, without what differs between any two answers (date, connection) or names the path (ETag). */
function seen(a: Answer) {
  const headers = { ...a.headers };
  for (const name of ['date', 'etag', 'connection', 'keep-alive']) delete headers[name];
  return { status: a.status, headers, text: a.text };
}

const json = { 'content-type': 'application/json' };
const asSwitch = { ...json, authorization: `Bearer ${SWITCH_TOKEN}` };
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('the authorize lane: the same answers as the Nest route (real PostgreSQL, real HTTP)', () => {
  let t: TestApp;
  let w: CaseWorld;

  beforeAll(async () => {
    t = await createTestApp({ ENFORCEMENT_TOKEN: SWITCH_TOKEN, MAX_JSON_BODY: '2kb' });
    w = await caseWorld(t);
  });
  afterAll(() => t.close());

  /** Sends the request to the lane and to the Nest route; expects the lane to answer it, like Nest. */
  async function sameFromLane(status: number, headers: Record<string, string>, body?: string, query = '') {
    const lane = await send(t.baseUrl, 'POST', LANE + query, headers, body);
    const nest = await send(t.baseUrl, 'POST', NEST + query, headers, body);
    expect(nest.headers.etag, `the Nest route answered ${NEST}${query}`).toBeDefined();
    expect(lane.headers.etag, `the lane answered ${LANE}${query}`).toBeUndefined();
    expect(seen(lane)).toEqual(seen(nest));
    expect(lane.status).toBe(status);
    return { ...lane, body: lane.headers['content-type']?.includes('json') ? JSON.parse(lane.text) : lane.text };
  }

  it('answers the switch: the decision as JSON, ?format=json, and ?format=sip with X-Sip-Status', async () => {
    const allowed = await sameFromLane(200, asSwitch, JSON.stringify(call));
    expect(allowed.body).toEqual({ decision: 'allow', reasons: [] });
    expect(allowed.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(allowed.headers['cache-control']).toBe('no-store');
    expect(allowed.headers['content-security-policy']).toContain("default-src 'self'");
    expect(allowed.headers['x-frame-options']).toBe('DENY');

    expect((await sameFromLane(200, asSwitch, JSON.stringify(call), '?format=json')).body.decision).toBe('allow');
    const sip = await sameFromLane(200, asSwitch, JSON.stringify(call), '?format=sip');
    expect(sip.body).toBe('200 OK\n');
    expect(sip.headers['x-sip-status']).toBe('200');

    const unknown = await sameFromLane(200, asSwitch, JSON.stringify({ ...call, accountCode: 'NOPE1' }));
    expect(unknown.body.reasons).toEqual([
      "account NOPE1 is not a customer's account code: every customer's blocks apply",
    ]);
  });

  it('refuses bad input with the same 400s: no callee, a callee that is not text, an unknown field, NUL, an empty or array body', async () => {
    const noCallee = await sameFromLane(400, asSwitch, JSON.stringify({ sourceIp: '203.0.113.10' }));
    expect(noCallee.body.code).toBe('validation_failed');
    expect(noCallee.body.message).toContain('callee must be a string');

    const numeric = await sameFromLane(400, asSwitch, JSON.stringify({ ...call, callee: 16175550199 }));
    expect(numeric.body.message).toContain('callee must be a string');
    const extra = await sameFromLane(400, asSwitch, JSON.stringify({ ...call, admin: true }));
    expect(extra.body.message).toEqual(['property admin should not exist']);
    const badIp = await sameFromLane(400, asSwitch, JSON.stringify({ ...call, sourceIp: '203.0.113.999' }));
    expect(badIp.body.message).toEqual(['sourceIp must be an IPv4 or IPv6 address']);

    const nul = await sameFromLane(400, asSwitch, JSON.stringify({ ...call, callee: '+1617\u0000' }));
    expect(nul.body).toMatchObject({
      code: 'text_invalid',
      message: ['callee must not contain a NUL character (U+0000)'],
    });
    const empty = await sameFromLane(400, asSwitch, '');
    expect(empty.body.code).toBe('validation_failed');
    expect((await sameFromLane(400, asSwitch, '[]')).body.code).toBe('validation_failed');
  });

  it('refuses hostile JSON before parsing it: too deep, __proto__, too large, malformed, not UTF-8', async () => {
    expect((await sameFromLane(400, asSwitch, nested(40))).body.code).toBe('json_too_deep');
    const proto = await sameFromLane(400, asSwitch, `{"__proto__":{"admin":true},"callee":"1","sourceIp":"::1"}`);
    expect(proto.body.code).toBe('json_key_refused');
    const escaped = await sameFromLane(400, asSwitch, `{"\\u005f_proto__":1}`);
    expect(escaped.body.code).toBe('json_key_refused');
    const large = await sameFromLane(413, asSwitch, JSON.stringify({ ...call, caller: 'x'.repeat(4000) }));
    expect(large.body.code).toBe('payload_too_large');
    expect((await sameFromLane(400, asSwitch, '{"callee":')).body.code).toBe('json_malformed');
    expect((await sameFromLane(400, asSwitch, '"text"')).body.code).toBe('json_malformed');
    const latin1 = await sameFromLane(
      415,
      { ...asSwitch, 'content-type': 'application/json; charset=latin1' },
      JSON.stringify(call),
    );
    expect(latin1.body.code).toBe('unsupported_media_type');
  });

  it('refuses the content types a web form can post (415), and reads no body of any other type', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'TEXT/PLAIN; charset=utf-8']) {
      const form = await sameFromLane(415, { ...asSwitch, 'content-type': type }, JSON.stringify(call));
      expect(form.body.code).toBe('csrf_form_body_refused');
    }
    const noType = await sameFromLane(400, { authorization: asSwitch.authorization }, JSON.stringify(call));
    expect(noType.body.code).toBe('validation_failed');
    const xml = await sameFromLane(400, { ...asSwitch, 'content-type': 'application/xml' }, '<call/>');
    expect(xml.body.code).toBe('validation_failed');
  });

  /** A request the lane leaves to Express: answered by Nest (with its ETag), as before the lane. */
  async function fromNest(method: string, path: string, headers: Record<string, string>, body?: string) {
    const a = await send(t.baseUrl, method, path, headers, body);
    expect(a.headers.etag, `Nest answered ${method} ${path}`).toBeDefined();
    return { status: a.status, body: a.text ? JSON.parse(a.text) : null };
  }

  it('leaves every other caller to the guard: no token 401, a wrong token 401, a customer 403, a technician 200', async () => {
    const body = JSON.stringify(call);
    expect(await fromNest('POST', LANE, json, body)).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
    const wrong = await fromNest('POST', LANE, { ...json, authorization: 'Bearer not-the-switch' }, body);
    expect(wrong).toMatchObject({ status: 401, body: { code: 'session_expired' } });
    const blank = await fromNest('POST', LANE, { ...json, authorization: 'Bearer ' }, body);
    expect(blank).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
    const basic = await fromNest('POST', LANE, { ...json, authorization: `Basic ${SWITCH_TOKEN}` }, body);
    expect(basic).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
    const customer = await fromNest('POST', LANE, { ...json, authorization: `Bearer ${w.harbUser}` }, body);
    expect(customer).toMatchObject({ status: 403, body: { code: 'role_forbidden' } });
    const tech = await fromNest('POST', LANE, { ...json, authorization: `Bearer ${w.tech}` }, body);
    expect(tech).toMatchObject({ status: 200, body: { decision: 'allow' } });
    // The switch's token in the cookie is no bearer: the guard's same-origin rule refuses it.
    const cookie = await fromNest('POST', LANE, { ...json, cookie: `tollgate_session=${SWITCH_TOKEN}` }, body);
    expect(cookie).toMatchObject({ status: 403, body: { code: 'csrf_origin_refused' } });
    // Without a token the body is still read first, as Express reads it: too large is 413 before 401.
    const large = await fromNest('POST', LANE, json, JSON.stringify({ ...call, caller: 'x'.repeat(4000) }));
    expect(large).toMatchObject({ status: 413, body: { code: 'payload_too_large' } });
  });

  it('leaves other methods, spellings and queries to Express', async () => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      expect(await fromNest(method, LANE, asSwitch)).toMatchObject({ status: 404, body: { code: 'route_not_found' } });
    }
    const head = await send(t.baseUrl, 'HEAD', LANE, asSwitch);
    expect([head.status, head.text, head.headers.etag !== undefined]).toEqual([404, '', true]);
    const body = JSON.stringify(call);
    expect(await fromNest('POST', `${LANE}?format=xml`, asSwitch, body)).toMatchObject({
      status: 400,
      body: { code: 'validation_failed', message: ['format must be json or sip'] },
    });
    expect(await fromNest('POST', `${LANE}?format=sip&format=sip`, asSwitch, body)).toMatchObject({ status: 400 });
    expect(await fromNest('POST', `${LANE}?verbose=1`, asSwitch, body)).toMatchObject({ status: 400 });
    expect(await fromNest('POST', '/API/Enforcement/Authorize', asSwitch, body)).toMatchObject({ status: 200 });
    expect(await fromNest('POST', `${LANE}/more`, asSwitch, body)).toMatchObject({ status: 404 });
  });

  it('keep-alive with pipelining: six requests in one write get six answers, in order, on one connection', async () => {
    const valid = JSON.stringify(call);
    const oversize = JSON.stringify({ ...call, caller: 'x'.repeat(4000) });
    const request = (path: string, body: string, token = true) =>
      `POST ${path} HTTP/1.1\r\nHost: switch\r\nContent-Type: application/json\r\n` +
      (token ? `Authorization: Bearer ${SWITCH_TOKEN}\r\n` : '') +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    const wire =
      request(LANE, valid) +
      request(LANE, valid, false) +
      request(`${LANE}?format=sip`, valid) +
      request(LANE, '{"callee":') +
      request(LANE, oversize) +
      request(`${LANE}?format=sip`, valid);
    const text = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(Number(new URL(t.baseUrl).port), '127.0.0.1');
      let got = '';
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        got += chunk;
        if ((got.match(/HTTP\/1\.1 \d{3} /g) ?? []).length === 6 && got.endsWith('200 OK\n')) socket.end();
      });
      socket.on('end', () => resolve(got));
      socket.on('error', reject);
      socket.setTimeout(5000, () => socket.destroy(new Error(`timed out with ${got}`)));
      socket.write(wire);
    });
    const statuses = [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));
    expect(statuses).toEqual([200, 401, 200, 400, 413, 200]);
    expect(text).toContain('{"decision":"allow","reasons":[]}');
    expect(text).toContain('"code":"json_malformed"');
    expect(text).toContain('"code":"payload_too_large"');
  });
});

describe("the authorize lane on the hostile sweep's values: the same answers as the Nest route", () => {
  let t: TestApp;

  beforeAll(async () => {
    // The default body limit (1 MB), so that the wide and deep bodies reach the shape check and the parser.
    t = await createTestApp({ ENFORCEMENT_TOKEN: SWITCH_TOKEN });
  });
  afterAll(() => t.close());

  it('every hostile body, and every hostile value in each field of a call, answered alike', async () => {
    const fields = {
      accountCode: '"HARB009"',
      sourceIp: '"203.0.113.10"',
      caller: '"harb-143"',
      callee: '"+16175550199"',
    };
    const bodies: [string, string][] = Object.entries(HOSTILE_BODIES);
    for (const field of Object.keys(fields)) {
      for (const value of HOSTILE_JSON_VALUES) {
        const members = Object.entries({ ...fields, [field]: value }).map(([k, v]) => `"${k}":${v}`);
        bodies.push([`${field}=${value.slice(0, 40)}`, `{${members.join(',')}}`]);
      }
    }
    const statuses = new Set<number>();
    await runPooled(
      bodies.map(([name, body]) => async () => {
        const lane = await send(t.baseUrl, 'POST', LANE, asSwitch, body);
        const nest = await send(t.baseUrl, 'POST', NEST, asSwitch, body);
        expect(lane.headers.etag, `${name}: answered by the lane`).toBeUndefined();
        expect(seen(lane), name).toEqual(seen(nest));
        statuses.add(lane.status);
      }),
      4,
    );
    // Allowed calls, refusals by field, by the shape check and by the parser: every kind of answer was compared.
    expect([...statuses].sort()).toEqual([200, 400]);
    expect(bodies.length).toBeGreaterThan(200);
  });
});
