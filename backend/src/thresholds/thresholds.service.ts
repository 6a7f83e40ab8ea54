import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { AppError, badInput, conflict } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { ThresholdErrorCode } from '../common/error-codes.js';
import { seatRuleOfTicket } from '../cases/event-rows.js';
import type { SeatThresholdParams } from '../detection/rule-model.js';
import { ruleById } from '../detection/rule-rows.js';
import { ThresholdOverrides } from '../detection/threshold-overrides.js';
import type { ThresholdOverrideRow } from '../detection/threshold-override-rows.js';
import { actorOf, loadTicket } from '../tickets/ticket-rows.js';
import { writeTimeline } from '../tickets/timeline-rows.js';
import {
  decideRequest,
  insertRequest,
  listRequests,
  requestById,
  seatOf,
  seatsOfGroup,
  type Thresholds,
  type ThresholdRequestRow,
} from './threshold-request-rows.js';
import type { ThresholdDecisionDto, ThresholdRequestDto, ThresholdRequestQuery } from './thresholds.dto.js';
import type { ThresholdRequestView } from './thresholds.responses.js';

const notFound = () => new AppError(ThresholdErrorCode.RequestNotFound, 'Threshold request not found');
const targetUnknown = (m: string) => badInput(m, ThresholdErrorCode.TargetUnknown);

function view(r: ThresholdRequestRow): ThresholdRequestView {
  return {
    id: r.id,
    ticketId: r.ticketId,
    customerId: r.customerId,
    ruleId: r.ruleId,
    scope: r.scope,
    targetId: r.targetId,
    current: r.current,
    requested: r.requested,
    reason: r.reason,
    status: r.status,
    appliedTo: r.appliedTo,
    requestedBy: r.requestedByName,
    decidedBy: r.decidedByName,
    decisionComment: r.decisionComment,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
  };
}

/** The levels that result from a request: what it asks, the rest as they were. */
function merged(current: Thresholds, requested: Thresholds): Required<Thresholds> | Thresholds {
  return { ...current, ...requested };
}

/**
 * Threshold-increase requests: a technician files one from a ticket, an engineer approves or rejects it. An
 * approval writes the seat's (or each seat of the group's, as the group is at that moment) and the group's own
 * levels through detection's ThresholdOverrides, which the seat detector (and later authorize) reads.
 */
@Injectable()
export class ThresholdsService {
  constructor(
    private readonly db: DataSource,
    private readonly overrides: ThresholdOverrides,
    private readonly clock: Clock,
  ) {}

  async file(dto: ThresholdRequestDto, p: Principal): Promise<ThresholdRequestView> {
    const requested = Object.fromEntries(
      Object.entries(dto.requested).filter(([, v]) => v !== undefined),
    ) as Thresholds;
    if (!Object.keys(requested).length) {
      throw badInput('requested must name at least one threshold', ThresholdErrorCode.RequestInvalid);
    }
    if (dto.scope === 'seat' && (requested.groupCallThreshold ?? requested.groupBlockThreshold) !== undefined) {
      throw badInput(
        'a seat request changes userCallThreshold and userBlockThreshold; file a group request for group thresholds',
        ThresholdErrorCode.RequestInvalid,
      );
    }
    const ticket = await loadTicket(this.db.manager, dto.ticketId, p).catch((e) => {
      throw e instanceof AppError ? targetUnknown(`ticketId ${dto.ticketId} is not a ticket`) : e;
    });
    const customerId = ticket.customer_id;
    if (dto.scope === 'seat' && !(await seatOf(this.db, customerId, dto.targetId))) {
      throw targetUnknown(`targetId ${dto.targetId} is not a seat of the ticket's customer`);
    }
    if (dto.scope === 'group' && !(await seatsOfGroup(this.db, customerId, dto.targetId))) {
      throw targetUnknown(`targetId ${dto.targetId} is not a group of the ticket's customer`);
    }
    const ruleId = await seatRuleOfTicket(this.db, ticket.id);
    const current = await this.current(customerId, ruleId, dto.scope, dto.targetId);
    const after = merged(current, requested);
    for (const who of ['user', 'group'] as const) {
      const warn = after[`${who}CallThreshold`];
      const block = after[`${who}BlockThreshold`];
      const asked = requested[`${who}CallThreshold`] !== undefined || requested[`${who}BlockThreshold`] !== undefined;
      if (asked && block === undefined) {
        throw badInput(
          `${who}BlockThreshold is required: the ticket names no seat_threshold rule to take it from`,
          ThresholdErrorCode.RequestInvalid,
        );
      }
      if (warn !== undefined && block !== undefined && warn >= block) {
        throw badInput(
          `${who}CallThreshold (${warn}) must be below ${who}BlockThreshold (${block})`,
          ThresholdErrorCode.RequestInvalid,
        );
      }
    }
    const at = this.clock.now();
    const id = await this.db.transaction(async (m) => {
      const id = await insertRequest(m, {
        ticketId: ticket.id,
        customerId,
        ruleId,
        scope: dto.scope,
        targetId: dto.targetId,
        current,
        requested,
        reason: dto.reason,
        requestedBy: p.id,
        at,
      });
      await writeTimeline(m, {
        ticketId: ticket.id,
        actor: actorOf(p),
        type: 'threshold_requested',
        payload: { requestId: id, scope: dto.scope, targetId: dto.targetId, current, requested, reason: dto.reason },
        visibility: 'internal',
        at,
      });
      return id;
    });
    return this.get(id);
  }

  async get(id: string): Promise<ThresholdRequestView> {
    const r = await requestById(this.db, id);
    if (!r) throw notFound();
    return view(r);
  }

  async list(q: ThresholdRequestQuery): Promise<ThresholdRequestView[]> {
    return (await listRequests(this.db, q)).map(view);
  }

  async decide(
    id: string,
    decision: 'approved' | 'rejected',
    dto: ThresholdDecisionDto,
    p: Principal,
  ): Promise<ThresholdRequestView> {
    const at = this.clock.now();
    await this.db.transaction(async (m) => {
      const r = await requestById(m, id, { lock: true });
      if (!r) throw notFound();
      if (r.status !== 'pending') {
        throw conflict(
          `The request was already ${r.status}${r.decidedByName ? ` by ${r.decidedByName}` : ''}`,
          ThresholdErrorCode.AlreadyDecided,
          { status: r.status },
        );
      }
      let appliedTo: string[] = [];
      if (decision === 'approved') {
        // The seats in the group now: seats added later are not in the list, and keep the defaults.
        appliedTo = r.scope === 'seat' ? [r.targetId] : ((await seatsOfGroup(m, r.customerId, r.targetId)) ?? []);
        await this.overrides.apply(m, this.overrideRows(r, appliedTo, at));
      }
      const comment = dto.comment?.trim() || null;
      await decideRequest(m, { id, status: decision, appliedTo, by: p.id, comment, at });
      await writeTimeline(m, {
        ticketId: r.ticketId,
        actor: actorOf(p),
        type: `threshold_${decision}`,
        payload: { requestId: id, appliedTo, comment },
        visibility: 'internal',
        at,
      });
    });
    // The seat detector uses the new levels from its next run.
    if (decision === 'approved') await this.overrides.refresh();
    return this.get(id);
  }

  private overrideRows(r: ThresholdRequestRow, seats: string[], at: Date): ThresholdOverrideRow[] {
    const after = merged(r.current, r.requested);
    const base = { customerId: r.customerId, ruleId: r.ruleId, requestId: r.id, appliedAt: at };
    const rows: ThresholdOverrideRow[] = [];
    const userAsked = r.requested.userCallThreshold !== undefined || r.requested.userBlockThreshold !== undefined;
    if (userAsked && after.userBlockThreshold !== undefined) {
      for (const userId of seats) {
        rows.push({
          ...base,
          level: 'seat',
          subject: userId,
          warn: after.userCallThreshold ?? null,
          block: after.userBlockThreshold,
        });
      }
    }
    const groupAsked = r.requested.groupCallThreshold !== undefined || r.requested.groupBlockThreshold !== undefined;
    if (r.scope === 'group' && groupAsked && after.groupBlockThreshold !== undefined) {
      rows.push({
        ...base,
        level: 'group',
        subject: r.targetId,
        warn: after.groupCallThreshold ?? null,
        block: after.groupBlockThreshold,
      });
    }
    return rows;
  }

  /** The levels in force for the target: its own approved ones, else the rule's. */
  private async current(
    customerId: string,
    ruleId: string | null,
    scope: 'seat' | 'group',
    targetId: string,
  ): Promise<Thresholds> {
    const rule = ruleId ? await ruleById(this.db, ruleId) : null;
    const params = rule?.kind === 'seat_threshold' ? (rule.params as SeatThresholdParams) : null;
    if (!params || !ruleId) return {};
    const seat = scope === 'seat' ? await this.overrides.forSeat(customerId, targetId, ruleId) : undefined;
    const group = scope === 'group' ? await this.overrides.forGroup(customerId, targetId, ruleId) : undefined;
    const s = seat ?? params.seat;
    const g = group ?? params.group;
    return {
      ...(s.warn !== undefined && { userCallThreshold: s.warn }),
      userBlockThreshold: s.block,
      ...(g.warn !== undefined && { groupCallThreshold: g.warn }),
      groupBlockThreshold: g.block,
    };
  }
}
