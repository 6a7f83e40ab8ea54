import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { act, caseWorld, type CaseWorld, openCase } from '../../test/cases.js';
import { expectError } from '../../test/expect-error.js';
import { expectStatus } from '../../test/expect-status.js';
import { createTestApp, type TestApp } from '../../test/harness.js';

const MAX = 4096;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const CSV = Buffer.from('start,called,seconds\n2025-05-14T10:00:00Z,+5321550101,300\n');

describe('ticket attachments (real PostgreSQL, real multipart over HTTP)', () => {
  let t: TestApp;
  let w: CaseWorld;
  let id: string;

  const upload = (token: string, name: string, bytes: Buffer, fields: Record<string, string> = {}, ticket = id) => {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.append(k, v);
    form.append('file', new Blob([new Uint8Array(bytes)]), name);
    return t.api('POST', `/api/tickets/${ticket}/attachments`, { token, raw: form });
  };
  const download = (token: string, attachmentId: string) =>
    fetch(`${t.baseUrl}/api/tickets/${id}/attachments/${attachmentId}`, {
      headers: { authorization: `Bearer ${token}` },
    });

  beforeAll(async () => {
    t = await createTestApp({ ATTACHMENT_MAX_BYTES: String(MAX) });
    w = await caseWorld(t);
    id = await openCase(t, w.tech, { summary: 'Calls to Cuba above the warning threshold' });
  });
  afterAll(() => t?.close());

  it('a technician uploads an internal PDF and a customer-visible screenshot; the customer sees only the second', async () => {
    const pdf = expectStatus(await upload(w.tech, 'carrier-notice.pdf', PDF, { visibility: 'internal' }), 201).body;
    expect(pdf).toMatchObject({
      filename: 'carrier-notice.pdf',
      contentType: 'application/pdf',
      sizeBytes: PDF.length,
      sha256: createHash('sha256').update(PDF).digest('hex'),
      visibility: 'internal',
      uploadedBy: { name: 'tech user', role: 'technician' },
    });
    const png = expectStatus(await upload(w.tech, 'pbx-screen.png', PNG), 201).body;
    expect(png.visibility).toBe('customer');

    const staff = expectStatus(await t.api('GET', `/api/tickets/${id}/attachments`, { token: w.tech }), 200).body;
    expect(staff.items.map((a: { filename: string }) => a.filename)).toEqual(['carrier-notice.pdf', 'pbx-screen.png']);
    const customer = expectStatus(await t.api('GET', `/api/tickets/${id}/attachments`, { token: w.harbUser }), 200);
    expect(customer.body.items.map((a: { filename: string }) => a.filename)).toEqual(['pbx-screen.png']);

    expect((await download(w.harbUser, png.id)).status).toBe(200);
    const hidden = await download(w.harbUser, pdf.id);
    expect(hidden.status).toBe(404);
    expect((await hidden.json()).code).toBe('attachment_not_found');

    // The timeline says a file was uploaded, to the customer only for the file they may see.
    const tl = (token: string) => t.api('GET', `/api/tickets/${id}/timeline?limit=100`, { token });
    const files = (body: { items: { type: string; payload: { filename?: string } }[] }) =>
      body.items.filter((e) => e.type === 'attachment_added').map((e) => e.payload.filename);
    expect(files(expectStatus(await tl(w.tech), 200).body)).toEqual(['carrier-notice.pdf', 'pbx-screen.png']);
    expect(files(expectStatus(await tl(w.harbUser), 200).body)).toEqual(['pbx-screen.png']);
  });

  it("the customer's upload is theirs to see, and the NOC downloads the same bytes, as an attachment with nosniff", async () => {
    const r = expectStatus(await upload(w.harbUser, 'Überweisung März 😀.csv', CSV), 201).body;
    expect(r).toMatchObject({ visibility: 'customer', contentType: 'text/csv; charset=utf-8' });
    expect(r.uploadedBy).toEqual({ name: 'harbUser user', role: 'customer' });
    const res = await download(w.tech, r.id);
    expect(res.status).toBe(200);
    expect(Buffer.from(await res.arrayBuffer()).equals(CSV)).toBe(true);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const disposition = res.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="[ -~]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1])).toBe('Überweisung März 😀.csv');
  });

  it('a customer may not hide a file from themselves; an engineer uploads nothing', async () => {
    expectError(
      await upload(w.harbUser, 'x.txt', Buffer.from('hello'), { visibility: 'internal' }),
      403,
      'attachment_visibility_forbidden',
    );
    expectError(
      await upload(w.tech, 'x.txt', Buffer.from('hello'), { visibility: 'secret' }),
      400,
      'attachment_upload_invalid',
      /visibility/,
    );
    expect((await upload(w.engineer, 'x.txt', Buffer.from('hello'))).status).toBe(403);
  });

  it("another customer's case is a missing one: list, upload and download all answer 404", async () => {
    const files = expectStatus(await t.api('GET', `/api/tickets/${id}/attachments`, { token: w.tech }), 200).body.items;
    expectError(await t.api('GET', `/api/tickets/${id}/attachments`, { token: w.acmeUser }), 404, 'ticket_not_found');
    expectError(await upload(w.acmeUser, 'x.txt', Buffer.from('hello')), 404, 'ticket_not_found');
    const res = await download(w.acmeUser, files[1].id);
    expect(res.status).toBe(404);
    expect((await res.json()).code).toBe('ticket_not_found');
    // A file id of another ticket is not found through this one.
    const other = await openCase(t, w.tech);
    const there = expectStatus(await upload(w.tech, 'there.txt', Buffer.from('hello'), {}, other), 201).body;
    expect((await download(w.tech, there.id)).status).toBe(404);
  });

  it('hostile names are made safe: no path, controls, NUL, bidi overrides; long names keep their extension', async () => {
    const name = async (raw: string) =>
      expectStatus(await upload(w.tech, raw, Buffer.from('hello')), 201).body.filename;
    expect(await name('../../etc/passwd.txt')).toBe('passwd.txt');
    expect(await name('C:\\Users\\noc\\trace.log')).toBe('trace.log');
    // A raw NUL cannot stand in a header (a 400 with a code); the RFC 5987 form carries any character.
    expectError(await upload(w.tech, 'a\u0000b.txt', Buffer.from('hello')), 400, 'attachment_upload_invalid');
    const boundary = 'b0undary';
    const encoded = await t.api('POST', `/api/tickets/${id}/attachments`, {
      token: w.tech,
      raw: Buffer.from(
        `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename*=UTF-8''a%00b%07c%C2%9B%E2%80%AEd.txt\r\n\r\nhello\r\n--${boundary}--\r\n`,
      ),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expect(expectStatus(encoded, 201).body.filename).toBe('abcd.txt');
    expect(await name('..hidden.txt')).toBe('hidden.txt');
    expect(await name('notes\u202egnp.txt')).toBe('notesgnp.txt');
    expect(await name('a<b>:c|d?.txt')).toBe('a_b__c_d_.txt');
    const long = await name('x'.repeat(10_000) + '.csv');
    expect(Array.from(long)).toHaveLength(150);
    expect(long.endsWith('.csv')).toBe(true);
    // A bidi override that would make an executable look like a PDF leaves the real extension, which is refused.
    expectError(
      await upload(w.tech, 'invoice\u202efdp.exe', Buffer.from('MZ\u0090\u0000')),
      415,
      'attachment_type_refused',
      /\.exe/,
    );
  });

  it('types are judged by the bytes and the extension: executables, HTML, SVG and disguised files are refused', async () => {
    const refused = async (raw: string, bytes: Buffer | string, message: RegExp) =>
      expectError(await upload(w.tech, raw, Buffer.from(bytes)), 415, 'attachment_type_refused', message);
    await refused('setup.exe', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]), /\.exe files are not accepted/);
    await refused('page.html', '<html><script>alert(1)</script></html>', /\.html files are not accepted/);
    await refused('logo.svg', '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', /\.svg/);
    await refused('README', 'hello', /without an extension/);
    await refused('shot.png', '<svg onload="alert(1)"/>', /named \.png but its content is not a file type we accept/);
    await refused('notes.txt', '  <!DOCTYPE html><html><body onload="x()">', /named \.txt/);
    await refused('invoice.pdf', 'just text', /named \.pdf but its content is text/);
    await refused('calls.csv', PDF, /named \.csv but its content is PDF/);
    await refused('dump.txt', Buffer.from([0x68, 0x00, 0x69, 0x00]), /not a file type we accept/);
    // The type stored is ours, whatever the browser claimed.
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(PDF)], { type: 'text/html' }), 'x.pdf');
    const r = expectStatus(await t.api('POST', `/api/tickets/${id}/attachments`, { token: w.tech, raw: form }), 201);
    expect(r.body.contentType).toBe('application/pdf');
  });

  it(`sizes: a file over ATTACHMENT_MAX_BYTES is 413, also when streamed without a length; an empty one is 400`, async () => {
    expectError(await upload(w.tech, 'big.txt', Buffer.alloc(MAX + 1, 0x61)), 413, 'attachment_too_large');
    expectStatus(await upload(w.tech, 'fits.txt', Buffer.alloc(MAX, 0x61)), 201);
    expectError(await upload(w.tech, 'empty.txt', Buffer.alloc(0)), 400, 'attachment_upload_invalid', /empty/);

    // Chunked: no content-length to refuse up front; the limit stops it as the bytes arrive.
    const boundary = 'tollgate-test-boundary';
    const head = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="stream.txt"\r\ncontent-type: text/plain\r\n\r\n`;
    const chunks = [
      Buffer.from(head),
      ...Array.from({ length: 64 }, () => Buffer.alloc(1024, 0x62)),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ];
    const body = new ReadableStream({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(new Uint8Array(next));
        else controller.close();
      },
    });
    const res = await t.api('POST', `/api/tickets/${id}/attachments`, {
      token: w.tech,
      raw: body,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    });
    expectError(res, 413, 'attachment_too_large');
    const names = expectStatus(await t.api('GET', `/api/tickets/${id}/attachments`, { token: w.tech }), 200).body.items;
    expect(names.map((a: { filename: string }) => a.filename)).not.toContain('stream.txt');
  });

  it('a body that is not a form with one file is refused with a code', async () => {
    expectError(
      await t.api('POST', `/api/tickets/${id}/attachments`, { token: w.tech, body: { file: 'x' } }),
      415,
      'attachment_type_refused',
    );
    const noFile = new FormData();
    noFile.append('visibility', 'customer');
    expectError(
      await t.api('POST', `/api/tickets/${id}/attachments`, { token: w.tech, raw: noFile }),
      400,
      'attachment_upload_invalid',
      /no .{1,3}file.{1,3} field/,
    );
    const two = new FormData();
    two.append('file', new Blob(['a']), 'a.txt');
    two.append('file', new Blob(['b']), 'b.txt');
    expectError(
      await t.api('POST', `/api/tickets/${id}/attachments`, { token: w.tech, raw: two }),
      400,
      'attachment_upload_invalid',
    );
  });

  it('files stay on a closed case and can still be added to it', async () => {
    const closed = await openCase(t, w.tech);
    expectStatus(await act(t, w.tech, closed, 'DISMISS', { reason: 'test' }), 200);
    expectStatus(await upload(w.harbUser, 'late.txt', Buffer.from('after the fact'), {}, closed), 201);
  });
});
