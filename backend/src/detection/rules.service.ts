import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badInput, notFound } from '../common/app-error.js';
import { type AuditActor, AuditService } from '../common/audit.service.js';
import { DetectionErrorCode } from '../common/error-codes.js';
import { ruleActivity } from '../cases/event-rows.js';
import { falsePositiveShare, ruleOutcomes } from '../cases/rule-outcomes.js';
import { Clock } from '../common/clock.js';
import { validParams } from './params-dtos.js';
import { type DetectionRule, GLOBAL_ONLY_KINDS, MAX_BACKTEST_DAYS } from './rule-model.js';
import { allRules, customerExists, insertRule, ruleById, updateRule } from './rule-rows.js';
import { DetectionEngine } from './detection-engine.js';
import { RealtimeService } from './live/realtime.service.js';
import type { BacktestDto, CreateRuleDto, UpdateRuleDto } from './rules.dto.js';
import { type BacktestResultView, MAX_BACKTEST_EVENTS, type RuleView } from './rules.responses.js';

const WEEK_MS = 7 * 24 * 3600_000;

/** Detection rules: list, create, change (docs/api.md §Detection). */
@Injectable()
export class RulesService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly engine: DetectionEngine,
    private readonly realtime: RealtimeService,
  ) {}

  async list(): Promise<{ items: RuleView[] }> {
    const rules = await allRules(this.db);
    return { items: await this.views(rules) };
  }

  async create(dto: CreateRuleDto, actor: AuditActor): Promise<RuleView> {
    const params = await this.checkedParams(dto);
    const rule = await this.db.transaction(async (m) => {
      const r = await insertRule(m, {
        name: dto.name,
        kind: dto.kind,
        scope: dto.scope,
        customerId: dto.scope === 'customer' ? dto.customerId! : null,
        mode: dto.mode ?? 'live',
        enabled: dto.enabled ?? true,
        params,
        createdBy: actor.id,
      });
      await this.audit.record(actor, 'detection_rule.created', 'detection_rule', r.id, { name: r.name }, m);
      return r;
    });
    await this.realtime.reload();
    const [view] = await this.views([rule]);
    return view;
  }

  async update(id: string, dto: UpdateRuleDto, actor: AuditActor): Promise<RuleView> {
    const rule = await this.db.transaction(async (m) => {
      const before = await ruleById(m, id);
      if (!before) throw notFound('Detection rule', DetectionErrorCode.RuleNotFound);
      const r = await updateRule(m, id, {
        name: dto.name,
        mode: dto.mode,
        enabled: dto.enabled,
        params: dto.params && (await validParams(before.kind, dto.params)),
      });
      if (!r) throw notFound('Detection rule', DetectionErrorCode.RuleNotFound);
      await this.audit.record(actor, 'detection_rule.updated', 'detection_rule', id, { ...dto }, m);
      return r;
    });
    await this.realtime.reload();
    const [view] = await this.views([rule]);
    return view;
  }

  /** What the rule would have raised over [from, to]; stores nothing, restricts nothing. */
  async backtest(dto: BacktestDto): Promise<BacktestResultView> {
    const params = await this.checkedParams(dto.rule);
    const from = new Date(dto.from);
    const to = new Date(dto.to);
    if (to.getTime() < from.getTime())
      throw badInput([`to (${dto.to}) is before from (${dto.from})`], DetectionErrorCode.RangeInvalid);
    if (to.getTime() - from.getTime() > MAX_BACKTEST_DAYS * 86_400_000)
      throw badInput([`a backtest covers at most ${MAX_BACKTEST_DAYS} days`], DetectionErrorCode.RangeInvalid);
    if (!this.engine.canBacktest(dto.rule.kind))
      throw badInput(
        [`rules of kind ${dto.rule.kind} cannot be backtested yet`],
        DetectionErrorCode.BacktestUnavailable,
      );
    const now = new Date();
    const rule: DetectionRule = {
      id: dto.rule.id ?? '00000000-0000-0000-0000-000000000000',
      name: dto.rule.name ?? 'Backtest',
      kind: dto.rule.kind,
      scope: dto.rule.scope,
      customerId: dto.rule.scope === 'customer' ? dto.rule.customerId! : null,
      mode: 'shadow',
      enabled: true,
      params,
      createdAt: now,
      updatedAt: now,
    };
    const result = await this.engine.backtest(rule, from.getTime(), to.getTime(), MAX_BACKTEST_EVENTS);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      customers: result.customers,
      truncated: result.truncated,
      events: result.events.map((e) => ({
        customerId: e.customerId,
        accountCode: e.accountCode,
        kind: e.kind,
        severity: e.severity,
        dedupeKey: e.dedupeKey ?? e.kind,
        summary: e.summary,
        details: e.details ?? {},
        occurredAt: e.occurredAt,
        evidence: e.evidence ?? {},
        restrictions: (e.restrictions ?? []).map(({ kind, value }) => ({ kind, value })),
      })),
    };
  }

  /** The params valid for the kind, the scope allowed for it, and the customer existing. */
  private async checkedParams(dto: Pick<CreateRuleDto, 'kind' | 'scope' | 'customerId' | 'params'>) {
    if (dto.scope === 'customer' && (GLOBAL_ONLY_KINDS as readonly string[]).includes(dto.kind))
      throw badInput([`scope must be global for ${dto.kind} rules`], DetectionErrorCode.ParamsInvalid);
    const params = await validParams(dto.kind, dto.params);
    if (dto.scope === 'customer' && !(await customerExists(this.db, dto.customerId!)))
      throw badInput(`customerId ${dto.customerId} is not a customer`, DetectionErrorCode.CustomerUnknown);
    return params;
  }

  async get(id: string): Promise<RuleView> {
    const rule = await ruleById(this.db, id);
    if (!rule) throw notFound('Detection rule', DetectionErrorCode.RuleNotFound);
    const [view] = await this.views([rule]);
    return view;
  }

  /** Each rule with when it last fired, what it raised in the last 7 days, and what became of its tickets. */
  private async views(rules: DetectionRule[]): Promise<RuleView[]> {
    const ids = rules.map((r) => r.id);
    const weekAgo = new Date(this.clock.now().getTime() - WEEK_MS);
    const [activity, outcomes] = await Promise.all([ruleActivity(this.db, ids, weekAgo), ruleOutcomes(this.db, ids)]);
    return rules.map((r) => {
      const { lastFiredAt = null, ...week } = activity.get(r.id) ?? { events: 0, warnings: 0, blocks: 0, customers: 0 };
      const o = outcomes.get(r.id)!;
      return { ...r, lastFiredAt, week, outcomes: o, falsePositiveShare: falsePositiveShare(o) };
    });
  }
}
