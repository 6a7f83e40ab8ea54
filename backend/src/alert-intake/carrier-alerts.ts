// The carrier alert formats Tollgate knows (../shared/samples/), read by the meaning of their fields: labels are
// matched case-insensitively with `:` or `=`, in plain text or in text made from HTML, in any order.
import { isIP } from 'node:net';

export interface CaribbeanCall {
  at: string;
  number: string;
}

/** An application server's CARIBBEAN_FRAUD_ALERT for one seat (User ID) or one group. */
export interface CaribbeanAlert {
  format: 'caribbean_fraud_alert';
  applicationServer: string | null;
  alertTime: string | null;
  userCallThreshold: number | null;
  groupCallThreshold: number | null;
  userBlockThreshold: number | null;
  groupBlockThreshold: number | null;
  serviceProviderId: string | null;
  groupId: string | null;
  userId: string | null;
  totalCalls: number | null;
  caribbeanCalls: number | null;
  calls: CaribbeanCall[];
  /** "THIS USER/GROUP WILL BE BLOCKED!!!": the upstream server has already intercepted it. */
  blocked: 'user' | 'group' | null;
}

/** A carrier NOC's "potential fraud event" ticket. */
export interface CarrierNotice {
  format: 'carrier_fraud_notice';
  carrierTicket: string;
  subAccount: string | null;
  eventType: string | null;
  openedAt: string | null;
  window: { from: string; to: string } | null;
  restrictedIps: string[];
  callsInQuestion: number | null;
}

const MAX_CALLS = 1_000;

function field(text: string, label: string): string | null {
  const m = new RegExp(`^[ \\t>*-]*${label}[ \\t]*[:=][ \\t]*(.+?)[ \\t]*$`, 'im').exec(text);
  return m ? m[1] : null;
}

function count(text: string, label: string): number | null {
  const v = field(text, label);
  const m = v ? /^(\d{1,9})\b/.exec(v) : null;
  return m ? Number(m[1]) : null;
}

/** A token of printable characters without spaces, or null. */
function token(v: string | null, max = 200): string | null {
  const m = v ? /^[^\s<>"]{1,200}/.exec(v) : null;
  return m ? m[0].slice(0, max) : null;
}

const STAMP = /(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)(?:\.\d+)?[ \t]*(Z|UTC|GMT|[+-]\d{2}:?\d{2})?/i;

/** `2025-05-14 11:49:07 -0400` (or `… UTC`, or no zone: UTC) as an ISO instant; null when it is not a time. */
export function parseStamp(s: string | null): string | null {
  const m = s ? STAMP.exec(s) : null;
  if (!m) return null;
  let zone = (m[3] ?? 'Z').toUpperCase();
  if (zone === 'UTC' || zone === 'GMT') zone = 'Z';
  else if (zone !== 'Z' && !zone.includes(':')) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const time = m[2].length === 5 ? `${m[2]}:00` : m[2];
  const at = new Date(`${m[1]}T${time}${zone}`);
  return Number.isNaN(at.getTime()) ? null : at.toISOString();
}

export function isCaribbeanAlert(subject: string, text: string): boolean {
  return /CARIBBEAN_FRAUD_ALERT/i.test(subject) || /^\s*CARIBBEAN_FRAUD_ALERT\b/im.test(text);
}

export function parseCaribbeanAlert(subject: string, text: string): CaribbeanAlert | null {
  if (!isCaribbeanAlert(subject, text)) return null;
  const calls: CaribbeanCall[] = [];
  const listAt = /calls to the caribbean[ \t]*:[ \t]*$/im.exec(text);
  if (listAt) {
    for (const line of text.slice(listAt.index + listAt[0].length).split(/\r?\n/)) {
      if (calls.length >= MAX_CALLS) break;
      const at = parseStamp(line);
      const number = /(?:^|\s)\+?(\d{7,15})\s*$/.exec(line);
      if (at && number) calls.push({ at, number: `+${number[1]}` });
      else if (line.trim() && calls.length) break;
    }
  }
  const blocked = /THIS\s+USER\s+WILL\s+BE\s+BLOCKED/i.test(text)
    ? 'user'
    : /THIS\s+GROUP\s+WILL\s+BE\s+BLOCKED/i.test(text)
      ? 'group'
      : null;
  const fromSubject = /\b(User|Group)[ \t]+([^\s()]+)/i.exec(subject.replace(/^.*CARIBBEAN_FRAUD_ALERT\s*:?/i, ''));
  const userId = token(field(text, 'User ID')) ?? (fromSubject?.[1].toLowerCase() === 'user' ? fromSubject[2] : null);
  const groupId =
    token(field(text, 'Group ID')) ?? (fromSubject?.[1].toLowerCase() === 'group' ? fromSubject[2] : null);
  return {
    format: 'caribbean_fraud_alert',
    applicationServer: token(field(text, 'Application Server')),
    alertTime: parseStamp(field(text, 'Alert time')),
    userCallThreshold: count(text, 'user call threshold'),
    groupCallThreshold: count(text, 'group call threshold'),
    userBlockThreshold: count(text, 'user block threshold'),
    groupBlockThreshold: count(text, 'group block threshold'),
    serviceProviderId: token(field(text, 'Service Provider ID')),
    groupId,
    userId,
    totalCalls: count(text, 'Total calls placed') ?? count(text, 'Total calls'),
    caribbeanCalls: count(text, 'Number of calls to the Caribbean'),
    calls,
    blocked,
  };
}

export function isCarrierNotice(subject: string, text: string): boolean {
  return /potential\s+fraud\s+event/i.test(subject) || /^\s*Event type\s*:\s*Potential\s+fraud\s+event/im.test(text);
}

export function parseCarrierNotice(subject: string, text: string): CarrierNotice | null {
  if (!isCarrierNotice(subject, text)) return null;
  const carrierTicket =
    token(field(text, 'Ticket'), 100) ?? /\[Ticket[ \t#:]*([A-Za-z0-9][\w.-]{0,99})\]/i.exec(subject)?.[1] ?? null;
  if (!carrierTicket) return null;
  const between =
    /between\s+(\d{4}-\d{2}-\d{2}[ T][\d:]+(?:\s*(?:UTC|GMT|Z|[+-]\d{2}:?\d{2}))?)\s+and\s+(\d{4}-\d{2}-\d{2}[ T][\d:]+(?:\s*(?:UTC|GMT|Z|[+-]\d{2}:?\d{2}))?)/i.exec(
      text,
    );
  const from = parseStamp(between?.[1] ?? null);
  const to = parseStamp(between?.[2] ?? null);
  return {
    format: 'carrier_fraud_notice',
    carrierTicket,
    subAccount: token(field(text, 'Sub-account') ?? field(text, 'Sub account') ?? field(text, 'Account'), 64),
    eventType: field(text, 'Event type')?.slice(0, 300) ?? null,
    openedAt: parseStamp(field(text, 'Opened')),
    window: from && to && from <= to ? { from, to } : null,
    restrictedIps: restrictedIps(text),
    callsInQuestion: count(text, 'Calls in question'),
  };
}

/** The addresses listed after the notice says it placed restrictions on IP addresses. */
function restrictedIps(text: string): string[] {
  const at = /restrictions?[\s\S]{0,200}?IP address(?:\(es\)|es)?[^\n]*\n/i.exec(text);
  if (!at) return [];
  const ips: string[] = [];
  for (const line of text.slice(at.index + at[0].length).split(/\r?\n/)) {
    const words = line.split(/[\s,;]+/).filter(Boolean);
    if (!words.length) {
      if (ips.length) break;
      continue;
    }
    const found = words.filter((w) => isIP(w.split('/')[0]));
    if (!found.length) break;
    ips.push(...found);
    if (ips.length >= 100) break;
  }
  return [...new Set(ips)];
}
