import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Sql } from '../common/sql.js';
import type { WarnBlock } from './rule-model.js';
import {
  allOverrides,
  type OverrideLevel,
  type ThresholdOverrideRow,
  upsertOverrides,
} from './threshold-override-rows.js';

/** A customer's approved levels: the seat's or group's own, for the rule, or undefined (the rule's default). */
export type ThresholdLookup = (level: OverrideLevel, subject: string, ruleId: string) => WarnBlock | undefined;

// Other instances see an approval within this time (this one at once: the approval refreshes it).
const MAX_AGE_MS = 30_000;

const keyOf = (customerId: string, level: OverrideLevel, subject: string) => `${customerId}\n${level}\n${subject}`;

/**
 * The one place approved seat and group thresholds are read from: the seat detector, the backtest and (after
 * the real-time counters land) authorize. A small table, held in memory whole and refreshed on change.
 */
@Injectable()
export class ThresholdOverrides {
  private byKey = new Map<string, ThresholdOverrideRow[]>();
  private loadedAt = -Infinity;
  private refreshing: Promise<void> | null = null;

  constructor(private readonly db: DataSource) {}

  async refresh(): Promise<void> {
    const next = new Map<string, ThresholdOverrideRow[]>();
    for (const r of await allOverrides(this.db)) {
      const k = keyOf(r.customerId, r.level, r.subject);
      next.set(k, [...(next.get(k) ?? []), r]);
    }
    this.byKey = next;
    this.loadedAt = Date.now();
  }

  private async fresh(): Promise<void> {
    if (Date.now() - this.loadedAt > MAX_AGE_MS) await this.refresh();
  }

  private pick(customerId: string, level: OverrideLevel, subject: string, ruleId: string): WarnBlock | undefined {
    const rows = this.byKey.get(keyOf(customerId, level, subject));
    // The rule's own override wins over one for every seat_threshold rule.
    const r = rows?.find((x) => x.ruleId === ruleId) ?? rows?.find((x) => x.ruleId === null);
    return r ? { ...(r.warn !== null && { warn: r.warn }), block: r.block } : undefined;
  }

  async forSeat(customerId: string, userId: string, ruleId: string): Promise<WarnBlock | undefined> {
    await this.fresh();
    return this.pick(customerId, 'seat', userId, ruleId);
  }

  async forGroup(customerId: string, externalId: string, ruleId: string): Promise<WarnBlock | undefined> {
    await this.fresh();
    return this.pick(customerId, 'group', externalId, ruleId);
  }

  /** A synchronous lookup over the customer's overrides, for a detector's inner loop. */
  async lookupFor(customerId: string): Promise<ThresholdLookup> {
    await this.fresh();
    return (level, subject, ruleId) => this.pick(customerId, level, subject, ruleId);
  }

  /**
   * The same lookup without waiting, for the call path (authorize never waits on the database): what is in
   * memory now; a stale copy is refreshed in the background for the next call.
   */
  cachedLookupFor(customerId: string): ThresholdLookup {
    if (Date.now() - this.loadedAt > MAX_AGE_MS && !this.refreshing) {
      this.refreshing = this.refresh()
        .catch(() => undefined)
        .finally(() => (this.refreshing = null));
    }
    return (level, subject, ruleId) => this.pick(customerId, level, subject, ruleId);
  }

  /** Written in the approval's transaction; call `refresh()` once it committed. */
  apply(m: Sql, rows: ThresholdOverrideRow[]): Promise<void> {
    return upsertOverrides(m, rows);
  }
}
