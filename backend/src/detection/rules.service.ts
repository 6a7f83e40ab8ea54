import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badInput, notFound } from '../common/app-error.js';
import { type AuditActor, AuditService } from '../common/audit.service.js';
import { DetectionErrorCode } from '../common/error-codes.js';
import { ruleActivity } from '../cases/event-rows.js';
import { falsePositiveShare, ruleOutcomes } from '../cases/rule-outcomes.js';
import { Clock } from '../common/clock.js';
import { validParams } from './params-dtos.js';
import { type DetectionRule, GLOBAL_ONLY_KINDS } from './rule-model.js';
import { allRules, customerExists, insertRule, ruleById, updateRule } from './rule-rows.js';
import type { CreateRuleDto, UpdateRuleDto } from './rules.dto.js';
import type { RuleView } from './rules.responses.js';

const WEEK_MS = 7 * 24 * 3600_000;

/** Detection rules: list, create, change (docs/api.md §Detection). */
@Injectable()
export class RulesService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<{ items: RuleView[] }> {
    const rules = await allRules(this.db);
    return { items: await this.views(rules) };
  }

  async create(dto: CreateRuleDto, actor: AuditActor): Promise<RuleView> {
    if (dto.scope === 'customer' && (GLOBAL_ONLY_KINDS as readonly string[]).includes(dto.kind))
      throw badInput([`scope must be global for ${dto.kind} rules`], DetectionErrorCode.ParamsInvalid);
    const params = await validParams(dto.kind, dto.params);
    if (dto.scope === 'customer' && !(await customerExists(this.db, dto.customerId!)))
      throw badInput(`customerId ${dto.customerId} is not a customer`, DetectionErrorCode.CustomerUnknown);
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
    const [view] = await this.views([rule]);
    return view;
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
