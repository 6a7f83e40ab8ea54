import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { type Principal, scopeOf } from '../auth/principal.js';
import { forbidden, notFound } from '../common/app-error.js';
import { AuditService } from '../common/audit.service.js';
import { Clock } from '../common/clock.js';
import { CustomerErrorCode, DetectionErrorCode } from '../common/error-codes.js';
import { addDays, localHour, localHourAt } from './baseline.js';
import type { UpdateDetectionSettingsDto } from './detection-settings.dto.js';
import { RealtimeService } from './live/realtime.service.js';
import type { DetectionSettings } from './rule-model.js';
import { customerById, type CustomerRef, detectionSettings, saveDetectionSettings } from './rule-rows.js';

/** Roles that change every setting; customer users change only their alert contacts, level and snooze. */
const NOC_WRITERS = new Set(['admin', 'technician']);

/** A customer's detection and alert settings (docs/api.md §Detection). */
@Injectable()
export class DetectionSettingsService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly realtime: RealtimeService,
  ) {}

  async get(p: Principal, customerId: string): Promise<DetectionSettings> {
    await this.customer(p, customerId);
    return (await detectionSettings(this.db, [customerId])).get(customerId)!;
  }

  async update(p: Principal, customerId: string, dto: UpdateDetectionSettingsDto): Promise<DetectionSettings> {
    const after = await this.save(p, customerId, dto);
    // Detection disabled, allow-lists: the real-time rules read them from memory.
    await this.realtime.reload();
    return after;
  }

  private async save(p: Principal, customerId: string, dto: UpdateDetectionSettingsDto): Promise<DetectionSettings> {
    await this.customer(p, customerId);
    if (!NOC_WRITERS.has(p.role)) {
      const refused = [
        dto.detectionDisabled !== undefined && 'detectionDisabled',
        dto.destinationAllowList !== undefined && 'destinationAllowList',
        dto.alerts?.optOuts !== undefined && 'alerts.optOuts',
      ].filter(Boolean);
      if (refused.length)
        throw forbidden(`Only the NOC may change ${refused.join(', ')}`, DetectionErrorCode.SettingForbidden);
    }
    const a = dto.alerts;
    return this.db.transaction(async (m) => {
      const after = await saveDetectionSettings(m, customerId, {
        detectionDisabled: dto.detectionDisabled,
        allowCountries: dto.destinationAllowList?.countries,
        allowPrefixes: dto.destinationAllowList?.prefixes,
        // Only what was given is kept: no undefined keys in the stored JSON.
        contacts: a?.contacts?.map((c) => JSON.parse(JSON.stringify({ name: c.name, email: c.email, phone: c.phone }))),
        minSeverity: a?.minSeverity,
        optOuts: a?.optOuts && [...new Set(a.optOuts)],
      });
      await this.audit.record(p, 'detection_settings.updated', 'customer', customerId, { ...dto }, m);
      return after;
    });
  }

  /** Snoozed until the next midnight in the customer's time zone. */
  async snooze(p: Principal, customerId: string): Promise<DetectionSettings> {
    const c = await this.customer(p, customerId);
    const today = localHourAt(this.clock.now().getTime(), c.timezone).day;
    const until = new Date(localHour(addDays(today, 1), 0, c.timezone).startMs);
    return this.setSnooze(p, customerId, until);
  }

  async unsnooze(p: Principal, customerId: string): Promise<DetectionSettings> {
    await this.customer(p, customerId);
    return this.setSnooze(p, customerId, null);
  }

  private setSnooze(p: Principal, customerId: string, until: Date | null): Promise<DetectionSettings> {
    return this.db.transaction(async (m) => {
      const after = await saveDetectionSettings(m, customerId, { snoozedUntil: until });
      const action = until ? 'detection_settings.snoozed' : 'detection_settings.unsnoozed';
      await this.audit.record(p, action, 'customer', customerId, { until }, m);
      return after;
    });
  }

  /** The customer, if the caller may see it: another customer's is a 404, like a missing one. */
  private async customer(p: Principal, customerId: string): Promise<CustomerRef> {
    const scope = scopeOf(p);
    const c = scope && scope !== customerId ? null : await customerById(this.db, customerId);
    if (!c) throw notFound('Customer', CustomerErrorCode.NotFound);
    return c;
  }
}
