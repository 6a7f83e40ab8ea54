import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseService, type RaisedEvent } from '../cases/case.service.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Outbox } from '../notifications/outbox.js';
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

/** The alert as the customer's contacts read it: the detector's own words, and where to see the traffic. */
export function alertMail(
  event: RaisedEvent,
  customer: Pick<CustomerRef, 'name' | 'accountCode' | 'timezone'>,
  minSeverity: Severity,
  publicUrl: string,
): { subject: string; text: string } {
  const firstLine = event.summary.split('\n', 1)[0];
  const subject = `Tollgate ${event.severity} alert for ${customer.accountCode}: ${firstLine.slice(0, 120)}`;
  const text = [
    `Hello ${customer.name},`,
    '',
    `Tollgate's fraud detection raised a ${event.severity} alert for your account ${customer.accountCode}:`,
    '',
    event.summary,
    '',
    `The alert and a chart of the traffic (sign in to Tollgate): ${publicUrl}/alerts/${event.id}`,
    '',
    `You receive this as an alert contact of ${customer.accountCode} for alerts at ${minSeverity} or above. ` +
      `Your Tollgate users can change the contacts or snooze alerts for the rest of the day at ` +
      `${publicUrl}/portal/alerts.`,
  ].join('\n');
  return { subject, text };
}

/**
 * Mails a customer's alert contacts when a detector raises an event at or above their level and the customer
 * is not snoozed, through the outbox in the event's own transaction. Contacts' phone numbers are kept but not
 * texted: there is no SMS channel yet.
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
    const to = [...new Set(settings.alerts.contacts.map((c) => c.email).filter((e): e is string => !!e))];
    if (!to.length) return;
    const customer = await customerById(m, event.customerId);
    if (!customer) return;
    const mail = alertMail(event, customer, settings.alerts.minSeverity, this.config.publicUrl);
    await this.outbox.enqueue(m, [{ kind: 'customer_mail', ticketId: event.ticketId, payload: { ...mail, to } }]);
    return () => this.queue.kick();
  }
}
