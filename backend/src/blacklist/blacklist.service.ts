import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { badInput, AppError } from '../common/app-error.js';
import { type AuditActor, AuditService } from '../common/audit.service.js';
import { Clock } from '../common/clock.js';
import { BlacklistErrorCode } from '../common/error-codes.js';
import { normalizeIp } from '../common/ip.js';
import { decodeCursor, type Page, toPage } from '../common/pagination.js';
import { EnforcementService } from '../enforcement/enforcement.service.js';
import { type BlacklistEntry, type BruteForceFinding, mergeAction, statusOf } from './blacklist-model.js';
import {
  blacklistBlocks,
  blacklistedAmong,
  deleteEntry,
  insertEntry,
  listEntries,
  liveEntry,
  lockIp,
  replaceFinding,
  shadowEntry,
  whitelistEntry,
} from './blacklist-rows.js';
import type { BlacklistQuery } from './blacklist.dto.js';

/** Who whitelists: a signed-in staff member. */
export interface WhitelistActor extends AuditActor {
  name: string;
}

/**
 * The IP blacklist (docs/api.md §Detection): the brute-force detector's findings, the staff's whitelist, and
 * the blacklisted IPs as a block source of the enforcement index.
 */
@Injectable()
export class BlacklistService implements OnModuleInit {
  private readonly logger = new Logger(BlacklistService.name);

  constructor(
    private readonly db: DataSource,
    private readonly enforcement: EnforcementService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.enforcement.addSource({ name: 'blacklist', load: blacklistBlocks });
  }

  /**
   * Applies the detector's findings: each IP's live entry, or a shadow rule's own entry, is created or
   * replaced (see `mergeAction`). When the set of blacklisted IPs changed, the enforcement index has it before
   * this returns, and other instances rebuild on the NOTIFY sent at commit.
   */
  async record(findings: readonly BruteForceFinding[]): Promise<void> {
    if (!findings.length) return;
    const at = this.clock.now();
    // One lock order for every transaction that locks several IPs.
    const ordered = [...findings].sort((a, b) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
    const changed = await this.db.transaction(async (m) => {
      let enforced = false;
      for (const f of ordered) {
        await lockIp(m, f.ip);
        const status = statusOf(f);
        const existing = f.shadow ? await shadowEntry(m, f.ip, f.ruleId) : await liveEntry(m, f.ip);
        const action = mergeAction(existing, f);
        if (action === 'keep') continue;
        if (action === 'insert') await insertEntry(m, f, status, at);
        else await replaceFinding(m, existing!.id, f, status, at);
        const was = existing?.status ?? null;
        if ((was === 'blacklisted') !== (status === 'blacklisted')) enforced = true;
        if (was !== status)
          await this.audit.record(null, `blacklist.${status}`, 'ip_blacklist', f.ip, { reason: f.reason }, m);
      }
      if (enforced) await EnforcementService.announceChange(m);
      return enforced;
    });
    if (changed) await this.refreshEnforcement();
  }

  async list(q: BlacklistQuery): Promise<Page<BlacklistEntry>> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor, ['timestamp', 'uuid']) as [string, string] | null;
    const rows = await listEntries(this.db, { status: q.status, limit, after });
    return toPage(rows, limit, (r) => [r.createdAt.toISOString(), r.id]);
  }

  /** Of these addresses, those blacklisted now. */
  blacklistedAmong(ips: readonly string[]): Promise<string[]> {
    return blacklistedAmong(this.db, ips);
  }

  /**
   * Off the blocklist at once, and kept off: later failures leave a whitelisted entry as it is until an admin
   * removes the whitelist.
   */
  async whitelist(rawIp: string, actor: WhitelistActor): Promise<BlacklistEntry> {
    const ip = pathIp(rawIp);
    const { entry, wasBlacklisted } = await this.db.transaction(async (m) => {
      await lockIp(m, ip);
      const existing = await liveEntry(m, ip);
      if (!existing) throw new AppError(BlacklistErrorCode.EntryNotFound, `IP ${ip} is not on the blacklist`, { ip });
      if (existing.status === 'whitelisted') return { entry: existing, wasBlacklisted: false };
      const row = await whitelistEntry(m, existing.id, { id: actor.id, name: actor.name }, this.clock.now());
      await this.audit.record(actor, 'blacklist.whitelisted', 'ip_blacklist', ip, { was: existing.status }, m);
      if (existing.status === 'blacklisted') await EnforcementService.announceChange(m);
      return { entry: row, wasBlacklisted: existing.status === 'blacklisted' };
    });
    if (wasBlacklisted) await this.refreshEnforcement();
    return entry;
  }

  /** Removes the whitelist (and the entry with it): later failures may blacklist the IP again. */
  async removeWhitelist(rawIp: string, actor: WhitelistActor): Promise<void> {
    const ip = pathIp(rawIp);
    await this.db.transaction(async (m) => {
      await lockIp(m, ip);
      const existing = await liveEntry(m, ip);
      if (existing?.status !== 'whitelisted')
        throw new AppError(BlacklistErrorCode.NotWhitelisted, `IP ${ip} is not whitelisted`, { ip });
      await deleteEntry(m, existing.id);
      await this.audit.record(actor, 'blacklist.whitelist_removed', 'ip_blacklist', ip, {}, m);
    });
  }

  private async refreshEnforcement(): Promise<void> {
    try {
      // Awaited so the caller's next authorize call already sees the change.
      await this.enforcement.refresh();
    } catch (e) {
      // Committed is committed: the periodic rebuild and NOTIFY listeners catch up.
      this.logger.error(`enforcement refresh after a blacklist change failed: ${(e as Error).message}`);
    }
  }
}

/** The `:ip` of a path, normalised; a 400 naming it when it is not an address. */
function pathIp(raw: string): string {
  const ip = normalizeIp(raw);
  if (!ip) {
    const shown = JSON.stringify(raw.length > 60 ? `${raw.slice(0, 60)}…` : raw);
    throw badInput([`ip ${shown} is not an IP address`], BlacklistErrorCode.IpInvalid);
  }
  return ip;
}
