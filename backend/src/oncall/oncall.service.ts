import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { badInput } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { OncallErrorCode } from '../common/error-codes.js';
import { activeEngineers, userNames } from '../users/staff-mail.js';
import type { OnCallSetupDto } from './oncall.dto.js';
import { listEscalations, loadSetup, pagesOf, saveSetup } from './oncall-rows.js';
import type { EscalationView, OnCallNowView, OnCallSetupView } from './oncall.responses.js';
import { inBusinessHours, onCallAt, type OnCallSetup, setupProblems } from './rota.js';

/** Before anyone saves a rota: nobody in rotation, so a page reaches every engineer. */
export const DEFAULT_SETUP: OnCallSetup = {
  timezone: 'UTC',
  rotation: { engineers: [], handoffDay: 'monday', handoffTime: '09:00' },
  overrides: [],
  businessHours: { days: [1, 2, 3, 4, 5], from: '08:00', to: '18:00' },
  policy: { levels: [{ ackTimeoutMinutes: 15 }, { ackTimeoutMinutes: 15 }, { ackTimeoutMinutes: 30 }], repeat: false },
};

/** The rota and escalation policy: read by everyone on staff, changed by admins. */
@Injectable()
export class OnCallService {
  constructor(
    private readonly db: DataSource,
    private readonly clock: Clock,
  ) {}

  /** The saved setup, or null before an admin saves one (nothing pages by itself until then). */
  async savedSetup(): Promise<OnCallSetup | null> {
    return (await loadSetup(this.db))?.setup ?? null;
  }

  async setup(): Promise<OnCallSetup> {
    return (await loadSetup(this.db))?.setup ?? DEFAULT_SETUP;
  }

  async view(): Promise<OnCallSetupView> {
    const row = await loadSetup(this.db);
    return { ...(row?.setup ?? DEFAULT_SETUP), updatedAt: row?.updated_at.toISOString() ?? null };
  }

  async replace(dto: OnCallSetupDto, p: Principal): Promise<OnCallSetupView> {
    const setup: OnCallSetup = {
      timezone: dto.timezone,
      rotation: {
        engineers: dto.rotation.engineers,
        handoffDay: dto.rotation.handoffDay,
        handoffTime: dto.rotation.handoffTime,
        ...(dto.rotation.startDate && { startDate: dto.rotation.startDate }),
      },
      overrides: dto.overrides
        .map((o) => ({ userId: o.userId, from: o.from, to: o.to }))
        .sort((a, b) => Date.parse(a.from) - Date.parse(b.from)),
      businessHours: {
        days: [...new Set(dto.businessHours.days)].sort(),
        from: dto.businessHours.from,
        to: dto.businessHours.to,
      },
      policy: {
        levels: dto.policy.levels.map((l) => ({ ackTimeoutMinutes: l.ackTimeoutMinutes })),
        repeat: dto.policy.repeat,
        ...(dto.policy.autoRestrictAfterMinutes !== undefined && {
          autoRestrictAfterMinutes: dto.policy.autoRestrictAfterMinutes,
        }),
      },
    };
    const problems = setupProblems(setup);
    const overlaps = problems.filter((x) => x.startsWith('overrides overlap'));
    if (overlaps.length) throw badInput(overlaps, OncallErrorCode.OverridesOverlap);
    if (problems.length) throw badInput(problems, OncallErrorCode.SetupInvalid);
    const named = [...new Set([...setup.rotation.engineers, ...setup.overrides.map((o) => o.userId)])];
    const engineers = new Set((await activeEngineers(this.db, named)).map((e) => e.id));
    const unknown = named.filter((id) => !engineers.has(id));
    if (unknown.length) {
      throw badInput(
        unknown.map((id) => `${id} is not an active engineer`),
        OncallErrorCode.EngineerUnknown,
      );
    }
    await saveSetup(this.db, setup, p.id, this.clock.now());
    return this.view();
  }

  /** Who is on call now, until when, and who is next. */
  async now(): Promise<OnCallNowView> {
    const setup = await this.setup();
    const at = this.clock.now();
    const now = onCallAt(setup, at.getTime());
    const businessHours = inBusinessHours(setup, at.getTime());
    if (!now) return { engineer: null, until: null, next: null, override: false, businessHours };
    const names = new Map((await userNames(this.db, [now.userId, now.nextUserId])).map((u) => [u.id, u]));
    const engineer = names.get(now.userId);
    const next = names.get(now.nextUserId);
    return {
      engineer: engineer ? { id: engineer.id, name: engineer.name, email: engineer.email } : null,
      until: Number.isFinite(now.untilMs) ? new Date(now.untilMs).toISOString() : null,
      next: next ? { id: next.id, name: next.name } : null,
      override: now.override,
      businessHours,
    };
  }

  /** Open escalations (the engineer's page), newest first, with every page sent and whom it reached. */
  async escalations(q: { open?: boolean; ticketIds?: string[] }, p?: Principal): Promise<EscalationView[]> {
    const rows = await listEscalations(this.db, q);
    const pages = await pagesOf(
      this.db,
      rows.map((r) => r.id),
    );
    return rows.map((r) => {
      const mine = pages.filter((x) => x.escalation_id === r.id);
      return {
        id: r.id,
        ticketId: r.ticket_id,
        ticketNumber: r.ticket_number,
        ticketTitle: r.ticket_title,
        severity: r.severity,
        reason: r.reason,
        startedAt: r.started_at.toISOString(),
        level: r.level,
        acknowledgedAt: r.acknowledged_at?.toISOString() ?? null,
        endedAt: r.ended_at?.toISOString() ?? null,
        pagedMe: p ? mine.some((x) => x.user_id === p.id) : false,
        policy: r.setup.policy,
        pages: mine.map((x) => ({
          level: x.level,
          engineer: { id: x.user_id, name: x.user_name },
          pagedAt: x.paged_at.toISOString(),
        })),
      };
    });
  }
}
