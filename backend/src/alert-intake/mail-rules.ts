// Loop and noise rules (RFC 3834, and what mature help desks apply): automatic mail never gets an automatic answer.
import type { MailMessage } from './mail-message.js';

/** Why no automatic mail may answer this message; null when a person wrote it. */
export function automaticMailReason(m: MailMessage): string | null {
  const h = m.headers;
  if (h.autoSubmitted && !/^no\b/i.test(h.autoSubmitted)) return `Auto-Submitted: ${h.autoSubmitted}`;
  if (h.precedence && /^(bulk|list|junk)\b/i.test(h.precedence)) return `Precedence: ${h.precedence}`;
  if (h.xLoop) return `X-Loop: ${h.xLoop}`;
  if (h.returnPath === '') return 'empty Return-Path';
  const local = m.fromAddress?.split('@')[0] ?? '';
  if (/^(mailer-daemon|postmaster)$/i.test(local)) return `sent by ${m.fromAddress}`;
  return null;
}

/** A delivery status notification that reports a permanent failure (5.x.x) for some recipients. */
export function permanentFailures(m: MailMessage): { recipient: string; reason: string }[] {
  return m.deliveryStatus
    .filter((d) => d.action === 'failed' && (/^5\./.test(d.status) || !d.status))
    .map((d) => ({ recipient: d.recipient, reason: [d.status, d.diagnostic].filter(Boolean).join(' ') || 'failed' }));
}
