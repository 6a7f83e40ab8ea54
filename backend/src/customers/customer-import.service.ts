import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { foldAccountCode } from '../common/account-code.js';
import { AppError, badInput } from '../common/app-error.js';
import { CustomerErrorCode } from '../common/error-codes.js';
import { AuditService } from '../common/audit.service.js';
import { parseCidr } from '../common/ip.js';
import { isIanaTimeZone } from '../common/validators.js';
import { EnforcementService } from '../enforcement/enforcement.service.js';
import { type AccountCodeHolder, accountCodeHolders, accountCodeTaken } from './account-code-clash.js';
import type { ImportCustomerDto } from './customers.dto.js';
import { saveContacts } from './contact-rows.js';
import { assertIpsUnshared, ipOverlapFromConstraint } from './ip-ownership.js';

export interface ImportResult {
  created: number;
  updated: number;
  unchanged: number;
}

type Row = Record<string, unknown>;
const same = (a: unknown, b: unknown) => (a ?? null) === (b ?? null);

/**
 * Bulk upsert by accountCode: the import describes each customer's whole inventory (IPs, groups, seats,
 * contacts), so what is absent is removed. One transaction; re-importing the same file changes nothing.
 */
@Injectable()
export class CustomerImportService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async import(customers: ImportCustomerDto[], actor: Principal): Promise<ImportResult> {
    this.validate(customers);
    try {
      return await this.db.transaction(async (m) => {
        // Serialise concurrent imports: two at once would race on the same account codes.
        await m.query(`SELECT pg_advisory_xact_lock(hashtext('customer-import'))`);
        const existing = await this.refuseAccountCodeClashes(m, customers);
        // The import replaces each named customer's IPs: check the inventory as it will be.
        await assertIpsUnshared(
          m,
          customers.map((c) => ({
            ownerKey: foldAccountCode(c.accountCode),
            owner: {
              customerId: existing.get(foldAccountCode(c.accountCode))?.id ?? null,
              accountCode: c.accountCode,
              name: c.name,
            },
            ips: c.ips ?? [],
          })),
          { customerIds: [], foldedCodes: customers.map((c) => foldAccountCode(c.accountCode)) },
        );
        const result: ImportResult = { created: 0, updated: 0, unchanged: 0 };
        for (const c of customers) {
          const outcome = await this.upsert(m, c);
          result[outcome]++;
        }
        // Authorize reads the inventory (account codes, ranges, seats) from memory: rebuild it on commit.
        await EnforcementService.announceChange(m);
        await this.audit.record(actor, 'customers.imported', 'customer', null, { ...result }, m);
        return result;
      });
    } catch (e) {
      // A customer created or edited since the check took a range; the constraint refused the commit.
      throw ipOverlapFromConstraint(e) ?? e;
    }
  }

  private validate(customers: ImportCustomerDto[]): void {
    const errors: string[] = [];
    const codes = new Set<string>();
    const spellings = new Map<string, string>();
    const clashes: { accountCode: string; with: string }[] = [];
    for (const c of customers) {
      const who = `customer ${c.accountCode}`;
      if (codes.has(c.accountCode)) errors.push(`${who}: accountCode appears twice in the import`);
      codes.add(c.accountCode);
      const other = spellings.get(foldAccountCode(c.accountCode));
      if (other !== undefined && other !== c.accountCode) clashes.push({ accountCode: c.accountCode, with: other });
      spellings.set(foldAccountCode(c.accountCode), c.accountCode);
      if (!isIanaTimeZone(c.timezone)) errors.push(`${who}: timezone "${c.timezone}" is not an IANA time zone`);
      for (const ip of c.ips ?? []) if (!parseCidr(ip)) errors.push(`${who}: "${ip}" is not an IP address or CIDR`);
      const groupIds = new Set<string>();
      const userIds = new Set<string>();
      for (const g of c.groups ?? []) {
        if (groupIds.has(g.externalId)) errors.push(`${who}: group externalId ${g.externalId} appears twice`);
        groupIds.add(g.externalId);
        for (const s of g.seats) {
          if (userIds.has(s.userId)) errors.push(`${who}: seat userId ${s.userId} appears twice`);
          userIds.add(s.userId);
        }
      }
    }
    if (errors.length) throw badInput(errors, CustomerErrorCode.ImportInvalid);
    if (clashes.length) {
      throw new AppError(
        CustomerErrorCode.AccountCodeTaken,
        clashes.map(
          (x) =>
            `Account codes ${x.with} and ${x.accountCode} in the import are one account (account codes are case-insensitive)`,
        ),
        { clashes },
      );
    }
  }

  /**
   * An import names customers by account code; the same code in another letter case is someone else's: 409.
   * Returns the stored customers the import names, by folded code.
   */
  private async refuseAccountCodeClashes(
    m: EntityManager,
    customers: ImportCustomerDto[],
  ): Promise<Map<string, AccountCodeHolder>> {
    const holders = await accountCodeHolders(
      m,
      customers.map((c) => c.accountCode),
    );
    const byFolded = new Map(holders.map((h) => [foldAccountCode(h.accountCode), h]));
    const clashes = customers.flatMap((c) => {
      const holder = byFolded.get(foldAccountCode(c.accountCode));
      return holder && holder.accountCode !== c.accountCode ? [{ wanted: c.accountCode, holder }] : [];
    });
    if (!clashes.length) return byFolded;
    if (clashes.length === 1) throw accountCodeTaken(clashes[0].wanted, clashes[0].holder);
    throw new AppError(
      CustomerErrorCode.AccountCodeTaken,
      clashes.map((x) => accountCodeTaken(x.wanted, x.holder).message),
      {
        clashes: clashes.map((x) => ({
          accountCode: x.wanted,
          heldBy: { customerId: x.holder.id, name: x.holder.name, accountCode: x.holder.accountCode },
        })),
      },
    );
  }

  private async upsert(m: EntityManager, c: ImportCustomerDto): Promise<keyof ImportResult> {
    // lower(account_code): the folded unique index; clashing spellings were refused above.
    const [existing] = await m.query(
      `SELECT id, name, timezone, state, country FROM customers WHERE lower(account_code) = $1 FOR UPDATE`,
      [foldAccountCode(c.accountCode)],
    );
    let id: string;
    let changed = false;
    if (!existing) {
      [{ id }] = await m.query(
        `INSERT INTO customers (name, account_code, timezone, state, country) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [c.name, c.accountCode, c.timezone, c.state ?? null, c.country ?? null],
      );
    } else {
      id = existing.id;
      if (
        !same(existing.name, c.name) ||
        !same(existing.timezone, c.timezone) ||
        !same(existing.state, c.state) ||
        !same(existing.country, c.country)
      ) {
        await m.query(
          `UPDATE customers SET name = $2, timezone = $3, state = $4, country = $5, updated_at = now() WHERE id = $1`,
          [id, c.name, c.timezone, c.state ?? null, c.country ?? null],
        );
        changed = true;
      }
    }
    changed = (await this.syncIps(m, id, c.ips ?? [])) || changed;
    changed = (await this.syncContacts(m, id, c.contacts ?? [])) || changed;
    changed = (await this.syncGroupsAndSeats(m, id, c.groups ?? [])) || changed;
    if (!existing) return 'created';
    if (changed) await m.query(`UPDATE customers SET updated_at = now() WHERE id = $1`, [id]);
    return changed ? 'updated' : 'unchanged';
  }

  private async syncIps(m: EntityManager, customerId: string, ips: string[]): Promise<boolean> {
    const wanted = new Set(ips.map((ip) => parseCidr(ip)!.text));
    const have: Row[] = await m.query(`SELECT id, cidr::text AS cidr FROM customer_ips WHERE customer_id = $1`, [
      customerId,
    ]);
    const haveSet = new Set(have.map((r) => parseCidr(r.cidr as string)!.text));
    const gone = have.filter((r) => !wanted.has(parseCidr(r.cidr as string)!.text)).map((r) => r.id);
    const add = [...wanted].filter((w) => !haveSet.has(w));
    if (gone.length) await m.query(`DELETE FROM customer_ips WHERE id = ANY($1)`, [gone]);
    if (add.length) {
      await m.query(`INSERT INTO customer_ips (customer_id, cidr) SELECT $1, unnest($2::cidr[])`, [customerId, add]);
    }
    return gone.length > 0 || add.length > 0;
  }

  private syncContacts(m: EntityManager, customerId: string, contacts: NonNullable<ImportCustomerDto['contacts']>) {
    return saveContacts(m, customerId, contacts);
  }

  private async syncGroupsAndSeats(
    m: EntityManager,
    customerId: string,
    groups: NonNullable<ImportCustomerDto['groups']>,
  ) {
    let changed = false;
    const haveGroups: Row[] = await m.query(
      `SELECT id, name, external_id FROM customer_groups WHERE customer_id = $1`,
      [customerId],
    );
    const groupByExt = new Map(haveGroups.map((g) => [g.external_id as string, g]));
    const groupIdByExt = new Map<string, string>();
    for (const g of groups) {
      const have = groupByExt.get(g.externalId);
      if (!have) {
        const [{ id }] = await m.query(
          `INSERT INTO customer_groups (customer_id, name, external_id) VALUES ($1, $2, $3) RETURNING id`,
          [customerId, g.name, g.externalId],
        );
        groupIdByExt.set(g.externalId, id);
        changed = true;
      } else {
        groupIdByExt.set(g.externalId, have.id as string);
        if (have.name !== g.name) {
          await m.query(`UPDATE customer_groups SET name = $2 WHERE id = $1`, [have.id, g.name]);
          changed = true;
        }
      }
    }
    const haveSeats: Row[] = await m.query(
      `SELECT id, group_id, user_id, sip_username, name, did, extension FROM seats WHERE customer_id = $1`,
      [customerId],
    );
    const seatByUser = new Map(haveSeats.map((s) => [s.user_id as string, s]));
    const wantedUsers = new Set<string>();
    for (const g of groups) {
      const groupId = groupIdByExt.get(g.externalId)!;
      for (const s of g.seats) {
        wantedUsers.add(s.userId);
        const have = seatByUser.get(s.userId);
        const values = [groupId, s.sipUsername ?? null, s.name, s.did ?? null, s.extension ?? null];
        if (!have) {
          await m.query(
            `INSERT INTO seats (customer_id, user_id, group_id, sip_username, name, did, extension) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [customerId, s.userId, ...values],
          );
          changed = true;
        } else if (
          ![have.group_id, have.sip_username, have.name, have.did, have.extension].every((v, i) => same(v, values[i]))
        ) {
          await m.query(
            `UPDATE seats SET group_id = $2, sip_username = $3, name = $4, did = $5, extension = $6 WHERE id = $1`,
            [have.id, ...values],
          );
          changed = true;
        }
      }
    }
    const goneSeats = haveSeats.filter((s) => !wantedUsers.has(s.user_id as string)).map((s) => s.id);
    if (goneSeats.length) {
      await m.query(`DELETE FROM seats WHERE id = ANY($1)`, [goneSeats]);
      changed = true;
    }
    const wantedGroups = new Set(groups.map((g) => g.externalId));
    const goneGroups = haveGroups.filter((g) => !wantedGroups.has(g.external_id as string)).map((g) => g.id);
    if (goneGroups.length) {
      await m.query(`DELETE FROM customer_groups WHERE id = ANY($1)`, [goneGroups]);
      changed = true;
    }
    return changed;
  }
}
