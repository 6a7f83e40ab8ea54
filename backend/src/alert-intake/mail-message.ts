// An inbound message as the intake reads it: mailparser for the MIME, then only safe things kept (sanitised HTML,
// safe attachment names, bounded text).
import { createHash } from 'node:crypto';
import { type AddressObject, type ParsedMail, simpleParser } from 'mailparser';
import sanitizeHtml from 'sanitize-html';

export interface MailAttachment {
  filename: string;
  contentType: string;
  content: Buffer;
}

export interface MailMessage {
  messageId: string | null;
  fromAddress: string | null;
  fromName: string | null;
  to: string[];
  subject: string;
  date: string | null;
  text: string;
  /** Sanitised: no scripts, handlers, javascript: URLs, iframes or remote loads. */
  html: string | null;
  attachments: MailAttachment[];
  inReplyTo: string | null;
  references: string[];
  headers: {
    autoSubmitted: string | null;
    precedence: string | null;
    xLoop: string | null;
    /** null when the header is absent; '' for `Return-Path: <>`. */
    returnPath: string | null;
    tollgateTicket: string | null;
  };
  /** A delivery status notification's per-recipient reports (multipart/report; report-type=delivery-status). */
  deliveryStatus: { recipient: string; action: string; status: string; diagnostic: string | null }[];
}

const MAX_TEXT = 200_000;

/** The first 64 hex digits of SHA-256: what identifies a message that has no Message-ID. */
export function contentHash(raw: Buffer): string {
  return createHash('sha256').update(raw).digest('hex');
}

/**
 * The Message-ID from the raw header block, read before anything else is parsed (the message is stored under it):
 * unfolded, angle brackets kept, at most 998 characters; null when absent or empty.
 */
export function rawMessageId(raw: Buffer): string | null {
  const head = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const m = /^message-id[ \t]*:[ \t]*(.*)$/im.exec(block);
  const id = m?.[1].trim().replace(/\s+/g, '') ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are refused
  if (!id || /[\u0000-\u001f\u007f-\uffff]/.test(id)) return null;
  return id.slice(0, 998);
}

/** PostgreSQL text holds neither NUL nor lone surrogates; long bodies are cut. */
export function safeText(s: string, max = MAX_TEXT): string {
  return (
    s
      // eslint-disable-next-line no-control-regex -- NUL is what it removes
      .replace(/\u0000/g, '')
      .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
      .slice(0, max)
  );
}

/**
 * A file name anyone can save and no one can be fooled by: its last path segment, without control or
 * bidirectional-override characters, reserved characters or leading dots; `attachment` when nothing is left.
 */
export function safeFilename(raw: string | null | undefined): string {
  const name = safeText(raw ?? '', 1000)
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex -- control characters are what it removes
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/^[.\s]+/, '')
    .trim()
    .slice(0, 200);
  return name || 'attachment';
}

/** HTML someone may open in the web app: text formatting, tables and plain links only. */
export function sanitizeMailHtml(html: string): string {
  return sanitizeHtml(safeText(html), {
    allowedTags: sanitizeHtml.defaults.allowedTags.filter((t) => t !== 'img'),
    allowedAttributes: { a: ['href', 'title'], td: ['colspan', 'rowspan'], th: ['colspan', 'rowspan'] },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow', target: '_blank' }),
    },
  });
}

function firstAddress(a: AddressObject | AddressObject[] | undefined): { address: string | null; name: string | null } {
  const first = (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value)[0];
  return { address: first?.address ? first.address.toLowerCase() : null, name: first?.name || null };
}

function addresses(a: AddressObject | AddressObject[] | undefined): string[] {
  return (Array.isArray(a) ? a : a ? [a] : [])
    .flatMap((x) => x.value)
    .map((v) => v.address?.toLowerCase())
    .filter((x): x is string => !!x)
    .slice(0, 100);
}

function header(mail: ParsedMail, name: string): string | null {
  const v = mail.headers.get(name);
  if (v === undefined || v === null) return null;
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'object' && 'text' in v) return String((v as { text: string }).text).trim();
  if (typeof v === 'object' && 'value' in v) return String((v as { value: unknown }).value).trim();
  return String(v).trim();
}

/** Per-recipient fields of a message/delivery-status part (RFC 3464). */
export function parseDeliveryStatus(body: string): MailMessage['deliveryStatus'] {
  const out: MailMessage['deliveryStatus'] = [];
  for (const block of body.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n\s*\r?\n/)) {
    const f = (name: string) => new RegExp(`^${name}[ \\t]*:[ \\t]*(.*)$`, 'im').exec(block)?.[1].trim() ?? null;
    const recipient = f('Final-Recipient') ?? f('Original-Recipient');
    const action = f('Action');
    if (!recipient || !action) continue;
    out.push({
      recipient: recipient.replace(/^rfc822;\s*/i, '').toLowerCase(),
      action: action.toLowerCase(),
      status: f('Status') ?? '',
      diagnostic: f('Diagnostic-Code'),
    });
  }
  return out.slice(0, 100);
}

/** Parses a stored message; a message mailparser cannot read at all throws (the caller quarantines it). */
export async function readMailMessage(raw: Buffer): Promise<MailMessage> {
  const mail = await simpleParser(raw, { skipImageLinks: true, skipTextToHtml: true, maxHtmlLengthToParse: 2_000_000 });
  const from = firstAddress(mail.from);
  const attachments: MailAttachment[] = [];
  let deliveryStatus: MailMessage['deliveryStatus'] = [];
  for (const a of mail.attachments ?? []) {
    const type = (a.contentType || 'application/octet-stream').toLowerCase();
    if (type === 'message/delivery-status' || type === 'message/global-delivery-status') {
      deliveryStatus = parseDeliveryStatus(a.content.toString('utf8'));
    }
    attachments.push({
      filename: safeFilename(a.filename ?? `part.${type.split('/')[1] ?? 'bin'}`),
      contentType: type,
      content: a.content,
    });
  }
  const ct = mail.headers.get('content-type') as { value?: string; params?: Record<string, string> } | undefined;
  const isReport = ct?.value === 'multipart/report' && /delivery-status/i.test(ct.params?.['report-type'] ?? '');
  // mailparser inlines the message/delivery-status part into the text.
  if (isReport && !deliveryStatus.length) deliveryStatus = parseDeliveryStatus(mail.text ?? '');
  const text = mail.text ?? (mail.html ? sanitizeHtml(mail.html, { allowedTags: [], allowedAttributes: {} }) : '');
  return {
    messageId: mail.messageId ? safeText(mail.messageId, 998) : null,
    fromAddress: from.address ? safeText(from.address, 320) : null,
    fromName: from.name ? safeText(from.name, 200) : null,
    to: addresses(mail.to).map((a) => safeText(a, 320)),
    subject: safeText(mail.subject ?? '', 998),
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : null,
    text: safeText(text),
    html: mail.html ? sanitizeMailHtml(mail.html) : null,
    attachments,
    inReplyTo: mail.inReplyTo ? safeText(mail.inReplyTo, 998) : null,
    references: ([] as string[])
      .concat(mail.references ?? [])
      .slice(0, 100)
      .map((r) => safeText(r, 998)),
    headers: {
      autoSubmitted: header(mail, 'auto-submitted'),
      precedence: header(mail, 'precedence'),
      xLoop: header(mail, 'x-loop'),
      returnPath: returnPath(raw),
      tollgateTicket: header(mail, 'x-tollgate-ticket'),
    },
    deliveryStatus,
  };
}

/** Return-Path as written: mailparser drops an empty `<>`, which is exactly what marks a bounce. */
function returnPath(raw: Buffer): string | null {
  const head = raw.subarray(0, Math.min(raw.length, 256 * 1024)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const block = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const m = /^return-path[ \t]*:[ \t]*(.*)$/im.exec(block);
  if (!m) return null;
  return m[1].trim().replace(/^<|>$/g, '').trim().toLowerCase();
}
