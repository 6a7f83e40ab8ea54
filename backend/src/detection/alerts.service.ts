import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Principal, scopeOf } from '../auth/principal.js';
import { eventById } from '../cases/event-rows.js';
import { notFound } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { DetectionErrorCode } from '../common/error-codes.js';
import { addDays, dayChart, localHour, localHourAt } from './baseline.js';
import { baselineHistory } from './baseline.detector.js';
import type { AlertView } from './alerts.responses.js';
import { JURISDICTIONS } from './rule-model.js';
import { customerById } from './rule-rows.js';

const two = (n: number) => String(n).padStart(2, '0');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The alert page: an event's words and its day's traffic per hour against the normal. */
@Injectable()
export class AlertsService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  async get(p: Principal, id: string): Promise<AlertView> {
    const scope = scopeOf(p);
    const event = UUID.test(id) ? await eventById(this.db, id) : undefined;
    // A customer sees its own alerts, not what a shadow rule would have raised; another's is a 404.
    if (!event || (scope && (event.customerId !== scope || event.shadow)))
      throw notFound('Alert', DetectionErrorCode.AlertNotFound);
    const customer = (await customerById(this.db, event.customerId))!;
    const details = (event.details ?? {}) as { jurisdiction?: string; day?: string };
    const tz = customer.timezone;
    const day = event.kind === 'baseline' && details.day ? details.day : localHourAt(+event.occurredAt, tz).day;
    const jurisdiction = event.kind === 'baseline' && details.jurisdiction ? details.jurisdiction : null;
    const from = localHour(day, 0, tz).startMs;
    const to = Math.min(localHour(addDays(day, 1), 0, tz).startMs, this.clock.now().getTime());
    const history = await baselineHistory(this.db, customer, from, Math.max(from, to));
    const hours = dayChart(history, day, tz, jurisdiction ? [jurisdiction] : [...JURISDICTIONS, 'unknown']);
    return {
      id: event.id,
      customerId: customer.id,
      customerName: customer.name,
      accountCode: customer.accountCode,
      kind: event.kind,
      severity: event.severity,
      summary: event.summary,
      occurredAt: new Date(event.occurredAt).toISOString(),
      detectedAt: new Date(event.detectedAt).toISOString(),
      ticketId: event.ticketId,
      chart: {
        timezone: tz,
        day,
        jurisdiction,
        hours: hours.map((h) => ({
          hour: h.hour,
          label: `${two(h.hour)}:00`,
          startsAt: new Date(h.startMs).toISOString(),
          endsAt: new Date(h.endMs).toISOString(),
          minutes: h.minutes,
          normal: h.normal,
        })),
      },
    };
  }
}
