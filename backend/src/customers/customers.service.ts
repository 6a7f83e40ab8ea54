import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { scopeOf } from '../auth/principal.js';
import { conflict, notFound } from '../common/app-error.js';
import { CustomerErrorCode } from '../common/error-codes.js';
import { AuditService } from '../common/audit.service.js';
import { displayCidr, parseCidr } from '../common/ip.js';
import { accountCodeHolders, accountCodeTaken, isAccountCodeUniqueViolation } from './account-code-clash.js';
import { assertIpsUnshared, type IpOwner, ipOverlapFromConstraint } from './ip-ownership.js';
import { decodeCursor, type Page, toPage } from '../common/pagination.js';
import type { ContactDto, CreateCustomerDto, UpdateCustomerDto } from './customers.dto.js';
import { saveContacts } from './contact-rows.js';
import { Customer, CustomerIp } from './customer.entity.js';
import { containsPattern } from '../common/sql.js';
import { EnforcementService } from '../enforcement/enforcement.service.js';

export interface CustomerSummary {
  id: string;
  name: string;
  accountCode: string;
  timezone: string;
  state: string | null;
  country: string | null;
  ipCount: number;
  groupCount: number;
  seatCount: number;
  contactCount: number;
}

export interface CustomerDetail {
  id: string;
  name: string;
  accountCode: string;
  timezone: string;
  state: string | null;
  country: string | null;
  contacts: {
    id: string;
    name: string;
    email: string | null;
    phone: string | null;
    undeliverable: boolean;
    undeliverableReason: string | null;
  }[];
  ips: { id: string; cidr: string }[];
  groups: {
    id: string;
    name: string;
    externalId: string;
    seats: {
      id: string;
      userId: string;
      sipUsername: string | null;
      name: string;
      did: string | null;
      extension: string | null;
    }[];
  }[];
  createdAt: Date;
  updatedAt: Date;
}

@Injectable()
export class CustomersService {
  constructor(
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(p: Principal, opts: { q?: string; limit?: number; cursor?: string }): Promise<Page<CustomerSummary>> {
    const limit = opts.limit ?? 50;
    const after = decodeCursor(opts.cursor, ['text', 'uuid']);
    const rows = await this.db.query(
      `SELECT c.id, c.name, c.account_code AS "accountCode", c.timezone, c.state, c.country,
              (SELECT count(*)::int FROM customer_ips i WHERE i.customer_id = c.id) AS "ipCount",
              (SELECT count(*)::int FROM customer_groups g WHERE g.customer_id = c.id) AS "groupCount",
              (SELECT count(*)::int FROM seats s WHERE s.customer_id = c.id) AS "seatCount",
              (SELECT count(*)::int FROM customer_contacts k WHERE k.customer_id = c.id) AS "contactCount"
         FROM customers c
        WHERE ($1::uuid IS NULL OR c.id = $1)
          AND ($2::text IS NULL OR c.name ILIKE $2 OR c.account_code ILIKE $2)
          AND ($3::text IS NULL OR (lower(c.name), c.id) > ($3, $4::uuid))
        ORDER BY lower(c.name), c.id
        LIMIT $5`,
      [
        scopeOf(p),
        opts.q?.trim() ? containsPattern(opts.q.trim()) : null,
        after?.[0] ?? null,
        after?.[1] ?? null,
        limit + 1,
      ],
    );
    return toPage<CustomerSummary>(rows, limit, (r) => [r.name.toLowerCase(), r.id]);
  }

  /** A customer user asking for another customer gets 404, exactly as if it did not exist. */
  async get(p: Principal, id: string): Promise<CustomerDetail> {
    const scope = scopeOf(p);
    if (scope && scope !== id) throw notFound('Customer', CustomerErrorCode.NotFound);
    const c = await this.db.getRepository(Customer).findOneBy({ id });
    if (!c) throw notFound('Customer', CustomerErrorCode.NotFound);
    const [contacts, ips, groups, seats] = await Promise.all([
      this.db.query(
        `SELECT id, name, email, phone, undeliverable_at IS NOT NULL AS undeliverable,
                undeliverable_reason AS "undeliverableReason"
           FROM customer_contacts WHERE customer_id = $1 ORDER BY name, id`,
        [id],
      ),
      this.db.query(`SELECT id, cidr::text AS cidr FROM customer_ips WHERE customer_id = $1 ORDER BY cidr`, [id]),
      this.db.query(
        `SELECT id, name, external_id AS "externalId" FROM customer_groups WHERE customer_id = $1 ORDER BY name, id`,
        [id],
      ),
      this.db.query(
        `SELECT id, group_id AS "groupId", user_id AS "userId", sip_username AS "sipUsername", name, did, extension
           FROM seats WHERE customer_id = $1 ORDER BY extension NULLS LAST, name`,
        [id],
      ),
    ]);
    return {
      id: c.id,
      name: c.name,
      accountCode: c.accountCode,
      timezone: c.timezone,
      state: c.state,
      country: c.country,
      contacts,
      ips: ips.map((i: { id: string; cidr: string }) => ({ id: i.id, cidr: displayCidr(i.cidr) })),
      groups: groups.map((g: { id: string; name: string; externalId: string }) => ({
        ...g,
        seats: seats
          .filter((s: { groupId: string }) => s.groupId === g.id)
          .map(({ groupId: _g, ...s }: { groupId: string }) => s),
      })),
      createdAt: c.createdAt,
      updatedAt: c.updatedAt,
    };
  }

  async create(dto: CreateCustomerDto, actor: Principal): Promise<CustomerDetail> {
    const id = await this.writing(dto.accountCode, null, async (m) => {
      await this.assertAccountCodeFree(m, dto.accountCode, null);
      const { identifiers } = await m.insert(Customer, {
        name: dto.name,
        accountCode: dto.accountCode,
        timezone: dto.timezone,
        state: dto.state ?? null,
        country: dto.country ?? null,
      });
      const customerId = identifiers[0].id as string;
      await this.replaceContacts(m, customerId, dto.contacts ?? []);
      const owner = { customerId, accountCode: dto.accountCode, name: dto.name };
      await this.replaceIps(m, owner, dto.ips ?? []);
      await this.audit.record(actor, 'customer.created', 'customer', customerId, { accountCode: dto.accountCode }, m);
      return customerId;
    });
    return this.get(actor, id);
  }

  async update(id: string, dto: UpdateCustomerDto, actor: Principal): Promise<CustomerDetail> {
    await this.writing(dto.accountCode ?? null, id, async (m) => {
      const current = await m.findOneBy(Customer, { id });
      if (!current) throw notFound('Customer', CustomerErrorCode.NotFound);
      // A change of letter case only (CASEX → Casex) is the same account.
      if (dto.accountCode && dto.accountCode !== current.accountCode)
        await this.assertAccountCodeFree(m, dto.accountCode, id);
      await m.update(Customer, id, {
        ...(dto.name !== undefined && { name: dto.name }),
        ...(dto.accountCode !== undefined && { accountCode: dto.accountCode }),
        ...(dto.timezone !== undefined && { timezone: dto.timezone }),
        ...(dto.state !== undefined && { state: dto.state }),
        ...(dto.country !== undefined && { country: dto.country }),
      });
      if (dto.contacts) await this.replaceContacts(m, id, dto.contacts);
      if (dto.ips) {
        const owner = {
          customerId: id,
          accountCode: dto.accountCode ?? current.accountCode,
          name: dto.name ?? current.name,
        };
        await this.replaceIps(m, owner, dto.ips);
      }
      await this.audit.record(actor, 'customer.updated', 'customer', id, { ...dto }, m);
    });
    return this.get(actor, id);
  }

  async remove(id: string, actor: Principal): Promise<void> {
    await this.db.transaction(async (m) => {
      const users = await m.query(`SELECT count(*)::int AS n FROM users WHERE customer_id = $1`, [id]);
      if (users[0].n > 0)
        throw conflict(
          'The customer still has portal users; remove or reassign them first',
          CustomerErrorCode.HasUsers,
        );
      const res = await m.delete(Customer, id);
      if (!res.affected) throw notFound('Customer', CustomerErrorCode.NotFound);
      await this.audit.record(actor, 'customer.deleted', 'customer', id, {}, m);
    });
  }

  private async assertAccountCodeFree(m: EntityManager, accountCode: string, exceptId: string | null): Promise<void> {
    const [holder] = await accountCodeHolders(m, [accountCode], exceptId);
    if (holder) throw accountCodeTaken(accountCode, holder);
  }

  /**
   * Runs a customer write in one transaction. A concurrent write that got past the pre-checks is refused
   * by the database (folded account code index, IP exclusion constraint); the answer is the same 409.
   */
  private async writing<T>(
    accountCode: string | null,
    exceptId: string | null,
    work: (m: EntityManager) => Promise<T>,
  ): Promise<T> {
    try {
      return await this.db.transaction(async (m) => {
        const done = await work(m);
        // Authorize reads the inventory (account codes, ranges, seats) from memory: rebuild it on commit.
        await EnforcementService.announceChange(m);
        return done;
      });
    } catch (e) {
      const overlap = ipOverlapFromConstraint(e);
      if (overlap) throw overlap;
      if (!accountCode || !isAccountCodeUniqueViolation(e)) throw e;
      const [holder] = await accountCodeHolders(this.db.manager, [accountCode], exceptId);
      throw holder ? accountCodeTaken(accountCode, holder) : e;
    }
  }

  /** Unchanged addresses keep their row and their undeliverable mark. */
  private async replaceContacts(m: EntityManager, customerId: string, contacts: ContactDto[]): Promise<void> {
    await saveContacts(m, customerId, contacts);
  }

  private async replaceIps(m: EntityManager, owner: IpOwner & { customerId: string }, ips: string[]): Promise<void> {
    const customerId = owner.customerId;
    await assertIpsUnshared(m, [{ ownerKey: customerId, owner, ips }], { customerIds: [customerId], foldedCodes: [] });
    // The DTO already rejected anything that is not an IP/CIDR.
    const cidrs = [...new Set(ips.map((ip) => parseCidr(ip)!.text))];
    await m.delete(CustomerIp, { customerId });
    if (cidrs.length)
      await m.insert(
        CustomerIp,
        cidrs.map((cidr) => ({ customerId, cidr })),
      );
  }
}
