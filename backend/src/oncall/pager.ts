import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { activeEngineers, type StaffContact } from '../users/staff-mail.js';
import {
  endEscalation,
  insertPages,
  markAcknowledged,
  openEscalation,
  pageByToken,
  setEscalationLevel,
  startEscalation,
} from './oncall-rows.js';
import { OnCallService } from './oncall.service.js';
import { ackTimeoutMinutes, pageTarget } from './rota.js';

export interface PagedTicket {
  ticketId: string;
  number: string;
  title: string;
  severity: string;
  reason: string | null;
}

/** One page to send: to whom, with the acknowledge token only they get. */
export interface PageRecipient extends StaffContact {
  ackToken: string;
}

export interface PagePlan {
  level: number;
  /** Why the escalation started (ESCALATE's reason), repeated on every level's page. */
  reason: string | null;
  recipients: PageRecipient[];
  /** When to page the next level if nobody acknowledges; null when no level follows. */
  ackTimeoutMinutes: number | null;
  /** Set on the first page of an escalation when the policy restricts unacknowledged block cases. */
  autoRestrictAfterMinutes: number | null;
}

const hashToken = (token: string) => createHash('sha256').update(token).digest();

/**
 * Whom a page reaches, recorded with the escalation. The first page snapshots the setup (rota, overrides and
 * policy) on the escalation; later levels read that snapshot, so editing the rota does not move a running
 * escalation, nor rewrite who was paged.
 */
@Injectable()
export class OnCallPager {
  constructor(private readonly oncall: OnCallService) {}

  async page(m: EntityManager, ticket: PagedTicket, level: number, at: Date): Promise<PagePlan> {
    let escalation = level === 1 ? null : await openEscalation(m, ticket.ticketId);
    escalation ??= await startEscalation(m, {
      ticketId: ticket.ticketId,
      ticketNumber: ticket.number,
      ticketTitle: ticket.title,
      severity: ticket.severity,
      reason: ticket.reason,
      setup: await this.oncall.setup(),
      at,
    });
    if (level !== 1) await setEscalationLevel(m, escalation.id, level);
    const setup = escalation.setup;
    const target = pageTarget(setup, level, at.getTime());
    let contacts: StaffContact[] = [];
    if (target?.kind === 'engineer') contacts = await activeEngineers(m, [target.userId]);
    // Everyone, and the fallback when the engineer on call has left: a page must reach somebody.
    if (target && !contacts.length) contacts = await activeEngineers(m);
    const recipients = contacts.map((c) => ({ ...c, ackToken: randomBytes(24).toString('base64url') }));
    await insertPages(
      m,
      escalation.id,
      level,
      recipients.map((r) => ({ userId: r.id, name: r.name, email: r.email, tokenHash: hashToken(r.ackToken) })),
      at,
    );
    return {
      level,
      reason: escalation.reason,
      recipients,
      ackTimeoutMinutes: ackTimeoutMinutes(setup.policy, level),
      autoRestrictAfterMinutes: level === 1 ? (setup.policy.autoRestrictAfterMinutes ?? null) : null,
    };
  }

  acknowledged(m: EntityManager, ticketId: string, by: string | null, at: Date): Promise<void> {
    return markAcknowledged(m, ticketId, by, at);
  }

  ended(m: EntityManager, ticketId: string, at: Date): Promise<void> {
    return endEscalation(m, ticketId, at);
  }

  /** The engineer and ticket an acknowledge link was sent for, or null for an unknown link. */
  async byAckToken(
    m: EntityManager,
    token: string,
  ): Promise<{ ticketId: string; userId: string; level: number; open: boolean } | null> {
    if (!/^[A-Za-z0-9_-]{20,64}$/.test(token)) return null;
    const page = await pageByToken(m, hashToken(token));
    if (!page) return null;
    return { ticketId: page.ticket_id, userId: page.user_id, level: page.level, open: page.ended_at === null };
  }
}
