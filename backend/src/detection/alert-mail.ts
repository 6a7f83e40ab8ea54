import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseService, type RaisedEvent } from '../cases/case.service.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Outbox, type OutboxMessage } from '../notifications/outbox.js';
import { OutboxQueue } from '../notifications/outbox-queue.js';
import { SEVERITIES, type Severity } from '../tickets/case-kinds.js';
import type { DetectionSettings } from './rule-model.js';
import { customerById, type CustomerRef, detectionSettings } from './rule-rows.js';

/** Whether a customer's alert contacts hear of an event of this severity now. */
export function alertWanted(settings: DetectionSettings, severity: Severity, nowMs: number): boolean {
  const { minSeverity, snoozedUntil } = settings.alerts;
  if (snoozedUntil && snoozedUntil.getTime() > nowMs) return false;
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(minSeverity);
}

/** Severities in the customer's words (the names are the NOC's). */
const ALERT_WORDS: Record<Severity, { subject: string; level: string }> = {
  notify: { subject: 'Notice', level: 'every alert' },
  warning: { subject: 'Warning', level: 'warnings and urgent alerts' },
  urgent: { subject: 'Urgent alert', level: 'urgent alerts' },
  block: { subject: 'Urgent alert', level: 'urgent alerts' },
};

/** The alert as one of the customer's contacts reads it: the detector's own words, and where to see the traffic. */
export function alertMail(
  event: RaisedEvent,
  customer: Pick<CustomerRef, 'name' | 'accountCode' | 'timezone'>,
  contactName: string | undefined,
  minSeverity: Severity,
  publicUrl: string,
): { subject: string; text: string } {
  const firstLine = event.summary.split('\n', 1)[0];
  const words = ALERT_WORDS[event.severity];
  const subject = `${words.subject} for your account ${customer.accountCode}: ${firstLine.slice(0, 120)}`;
  const text = [
    `Hello ${contactName?.trim() || customer.name},`,
    '',
    `Tollgate's fraud detection noticed this on your account ${customer.accountCode}:`,
    '',
    event.summary,
    '',
    `The alert and a chart of the traffic (sign in to Tollgate): ${publicUrl}/alerts/${event.id}`,
    '',
    `You receive this as an alert contact of ${customer.accountCode}, for ${ALERT_WORDS[minSeverity].level}. ` +
      `Your Tollgate users can change the contacts or snooze alerts for the rest of the day at ` +
      `${publicUrl}/portal/alerts.`,
  ].join('\n');
  return { subject, text };
}

/** The SMS of an alert: one message, with the link. */
export function alertSms(event: RaisedEvent, customer: Pick<CustomerRef, 'accountCode'>, publicUrl: string): string {
  const firstLine = event.summary.split('\n', 1)[0];
  const head = `Tollgate ${ALERT_WORDS[event.severity].subject.toLowerCase()} ${customer.accountCode}: `;
  const link = ` ${publicUrl}/alerts/${event.id}`;
  const room = 320 - head.length - link.length;
  return head + (firstLine.length > room ? `${firstLine.slice(0, room - 1)}…` : firstLine) + link;
}

/**
 * Tells a customer's alert contacts when a detector raises an event at or above their level and the customer
 * is not snoozed, through the outbox in the event's own transaction: a mail to each contact with an address
 * (greeted by name), an SMS to each with a phone.
 */
@Injectable()
export class AlertMail implements OnModuleInit, OnModuleDestroy {
  private unregister?: () => void;

  constructor(
    private readonly cases: CaseService,
    private readonly outbox: Outbox,
    private readonly queue: OutboxQueue,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.unregister = this.cases.onRaised((m, e) => this.enqueue(m, e));
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }

  private async enqueue(m: EntityManager, event: RaisedEvent): Promise<void | (() => void)> {
    const settings = (await detectionSettings(m, [event.customerId])).get(event.customerId)!;
    if (!alertWanted(settings, event.severity, this.clock.now().getTime())) return;
    const contacts = settings.alerts.contacts;
    if (!contacts.some((c) => c.email || c.phone)) return;
    const customer = await customerById(m, event.customerId);
    if (!customer) return;
    const messages: OutboxMessage[] = [];
    const mailed = new Set<string>();
    const texted = new Set<string>();
    for (const c of contacts) {
      if (c.email && !mailed.has(c.email.toLowerCase())) {
        mailed.add(c.email.toLowerCase());
        const mail = alertMail(event, customer, c.name, settings.alerts.minSeverity, this.config.publicUrl);
        messages.push({ kind: 'customer_mail', ticketId: event.ticketId, payload: { ...mail, to: [c.email] } });
      }
      if (c.phone && !texted.has(c.phone)) {
        texted.add(c.phone);
        const text = alertSms(event, customer, this.config.publicUrl);
        messages.push({
          kind: 'customer_sms',
          ticketId: event.ticketId,
          payload: { subject: 'SMS', text, to: [c.phone] },
        });
      }
    }
    await this.outbox.enqueue(m, messages);
    return () => this.queue.kick();
  }
}
