import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LoginFailureObservers } from '../auth/login-failure-observers.js';
import { type FailureRange, loginFailuresFrom } from '../auth/login-failure-rows.js';
import { type BruteForceFinding, strongest } from '../blacklist/blacklist-model.js';
import { BlacklistService } from '../blacklist/blacklist.service.js';
import { type Cidr, parseCidr } from '../common/ip.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { registeredRangesHolding } from '../customers/customer-ip-rows.js';
import { busiestWindow, type Failure, levelOf, reasonOf, trustOf } from './brute-force.js';
import type { DetectionRule } from './rule-model.js';
import { enabledRules } from './rule-rows.js';
import { sipAuthFailuresFrom } from './sip-auth-failure-rows.js';

/** The most failures of each source one IP's window query reads; beyond it an attack is far past any threshold. */
const MAX_FAILURES_PER_IP = 20_000;

/** A failure just recorded: the end of the windows the rules look at. */
export interface NewFailure {
  ip: string;
  atMs: number;
}

/**
 * Brute-force rules (docs/design.md §Detection) on failed SIP registrations and portal logins, right after
 * they are recorded: per source IP, the busiest window ending at a new failure, counted across the rule's
 * sources. At `block` the IP is blacklisted, at `warn` watched; a trusted address is recorded as trusted and a
 * shadow rule's finding as shadow, neither enforced. Not a customer's case: the blacklist is its own resource.
 */
@Injectable()
export class BruteForceDetector implements OnModuleInit, OnModuleDestroy {
  private readonly trusted: Cidr[];
  private unregister?: () => void;

  constructor(
    private readonly db: DataSource,
    private readonly blacklist: BlacklistService,
    private readonly loginFailures: LoginFailureObservers,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.trusted = config.blacklistTrusted.map((c) => parseCidr(c)!);
  }

  onModuleInit(): void {
    this.unregister = this.loginFailures.register((f) => this.detect([{ ip: f.sourceIp, atMs: f.at.getTime() }]));
  }

  onModuleDestroy(): void {
    this.unregister?.();
  }

  async detect(failures: readonly NewFailure[]): Promise<void> {
    if (!failures.length) return;
    const rules = (await enabledRules(this.db, 'brute_force')) as DetectionRule<'brute_force'>[];
    if (!rules.length) return;
    const endsByIp = new Map<string, number[]>();
    for (const f of failures) {
      const list = endsByIp.get(f.ip);
      if (list) list.push(f.atMs);
      else endsByIp.set(f.ip, [f.atMs]);
    }
    const windowMs = Math.max(...rules.map((r) => r.params.window.minutes)) * 60_000;
    const ranges: FailureRange[] = [...endsByIp].map(([ip, ends]) => ({
      ip,
      fromMs: Math.min(...ends) - windowMs,
      toMs: Math.max(...ends),
    }));
    const counts = (source: 'sip' | 'portal') => rules.some((r) => r.params.sources.includes(source));
    const [sip, portal, registered] = await Promise.all([
      counts('sip') ? sipAuthFailuresFrom(this.db, ranges, MAX_FAILURES_PER_IP) : [],
      counts('portal') ? loginFailuresFrom(this.db, ranges, MAX_FAILURES_PER_IP) : [],
      registeredRangesHolding(this.db, [...endsByIp.keys()]),
    ]);
    const byIp = new Map<string, Failure[]>();
    const add = (ip: string, f: Failure) => {
      const list = byIp.get(ip);
      if (list) list.push(f);
      else byIp.set(ip, [f]);
    };
    for (const s of sip) add(s.ip, { atMs: s.atMs, source: 'sip', user: s.username });
    for (const l of portal) add(l.ip, { atMs: l.atMs, source: 'portal', user: l.email });

    const findings: BruteForceFinding[] = [];
    for (const [ip, ends] of endsByIp) {
      const list = (byIp.get(ip) ?? []).sort((a, b) => a.atMs - b.atMs);
      const trust = trustOf(ip, this.trusted, registered.get(ip));
      const live: BruteForceFinding[] = [];
      for (const rule of rules) {
        const w = busiestWindow(list, ends, rule.params);
        const level = w && levelOf(w, rule.params);
        if (!w || !level) continue;
        const finding: BruteForceFinding = {
          ip,
          level,
          shadow: rule.mode === 'shadow',
          trusted: trust !== null,
          reason: reasonOf(rule, ip, w, level, trust),
          sipFailures: w.sip,
          portalFailures: w.portal,
          users: w.users,
          firstFailureAt: new Date(w.firstMs),
          lastFailureAt: new Date(w.lastMs),
          ruleId: rule.id,
          ruleName: rule.name,
        };
        if (finding.shadow) findings.push(finding);
        else live.push(finding);
      }
      const best = strongest(live);
      if (best) findings.push(best);
    }
    await this.blacklist.record(findings);
  }
}
