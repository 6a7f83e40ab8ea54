import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type Repository } from 'typeorm';
import { hashPassword } from '../auth/password.js';
import type { Principal } from '../auth/principal.js';
import { badInput, conflict, notFound } from '../common/app-error.js';
import { UserErrorCode } from '../common/error-codes.js';
import { AuditService } from '../common/audit.service.js';
import { decodeCursor, type Page, toPage } from '../common/pagination.js';
import type { CreateUserDto, UpdateUserDto } from './users.dto.js';
import { type Role, User } from './user.entity.js';

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: User['role'];
  customerId: string | null;
  customerName: string | null;
  phone: string | null;
  active: boolean;
  createdAt: Date;
  lastLoginAt: Date | null;
}

@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(limit = 50, cursor?: string): Promise<Page<UserView>> {
    const after = decodeCursor(cursor, ['text', 'uuid']);
    const rows: UserView[] = await this.db.query(
      `SELECT u.id, u.email, u.name, u.role, u.customer_id AS "customerId", c.name AS "customerName", u.phone,
              u.active, u.created_at AS "createdAt", u.last_login_at AS "lastLoginAt"
         FROM users u LEFT JOIN customers c ON c.id = u.customer_id
        WHERE ($1::text IS NULL OR (u.email, u.id) > ($1, $2::uuid))
        ORDER BY u.email, u.id LIMIT $3`,
      [after?.[0] ?? null, after?.[1] ?? null, limit + 1],
    );
    return toPage(rows, limit, (r) => [r.email, r.id]);
  }

  /** Who a case can be given to (the queue's and the ticket's "Assign to"): active technicians, engineers, admins. */
  async assignable(): Promise<{ id: string; name: string; role: Role }[]> {
    return this.db.query(
      `SELECT id, name, role FROM users
        WHERE active AND role IN ('technician', 'engineer', 'admin') ORDER BY lower(name), id LIMIT 500`,
    );
  }

  async get(id: string): Promise<UserView> {
    const rows: UserView[] = await this.db.query(
      `SELECT u.id, u.email, u.name, u.role, u.customer_id AS "customerId", c.name AS "customerName", u.phone,
              u.active, u.created_at AS "createdAt", u.last_login_at AS "lastLoginAt"
         FROM users u LEFT JOIN customers c ON c.id = u.customer_id WHERE u.id = $1`,
      [id],
    );
    if (!rows[0]) throw notFound('User', UserErrorCode.NotFound);
    return rows[0];
  }

  async create(dto: CreateUserDto, actor: Principal): Promise<UserView> {
    await this.checkCustomerLink(dto.role, dto.customerId ?? null);
    const email = dto.email.toLowerCase();
    if (await this.users.exists({ where: { email } }))
      throw conflict(`A user with email ${email} already exists`, UserErrorCode.EmailTaken);
    const { identifiers } = await this.users.insert({
      email,
      name: dto.name,
      role: dto.role,
      customerId: dto.customerId ?? null,
      phone: dto.phone ?? null,
      passwordHash: await hashPassword(dto.password),
    });
    const id = identifiers[0].id as string;
    await this.audit.record(actor, 'user.created', 'user', id, { email, role: dto.role });
    return this.get(id);
  }

  async update(id: string, dto: UpdateUserDto, actor: Principal): Promise<UserView> {
    const passwordHash = dto.password !== undefined ? await hashPassword(dto.password) : undefined;
    await this.db.transaction(async (m) => {
      // Lock the active admins first: two admins demoting each other at once must not both pass the
      // "another admin is left" check. The second waits here and then sees the first one's change.
      const admins: { id: string }[] = await m.query(
        `SELECT id FROM users WHERE role = 'admin' AND active ORDER BY id FOR UPDATE`,
      );
      const current = await m.findOne(User, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current) throw notFound('User', UserErrorCode.NotFound);
      const role = dto.role ?? current.role;
      const customerId =
        dto.customerId !== undefined ? dto.customerId : role === 'customer' ? current.customerId : null;
      await this.checkCustomerLink(role, customerId);
      const losingAdmin = current.role === 'admin' && current.active && (role !== 'admin' || dto.active === false);
      if (losingAdmin && admins.length <= 1) {
        throw conflict('This is the last active admin; make another admin first', UserErrorCode.LastAdmin);
      }
      await m.update(User, id, {
        ...(dto.name !== undefined && { name: dto.name }),
        ...(dto.active !== undefined && { active: dto.active }),
        ...(dto.phone !== undefined && { phone: dto.phone }),
        ...(passwordHash !== undefined && { passwordHash }),
        role,
        customerId,
      });
      if (dto.active === false || passwordHash !== undefined)
        await m.query(`DELETE FROM sessions WHERE user_id = $1`, [id]);
      const { password: _pw, ...changes } = dto;
      await this.audit.record(actor, 'user.updated', 'user', id, { ...changes, passwordChanged: _pw !== undefined }, m);
    });
    return this.get(id);
  }

  private async checkCustomerLink(role: User['role'], customerId: string | null): Promise<void> {
    if (role === 'customer' && !customerId)
      throw badInput(['customerId is required for the customer role'], UserErrorCode.CustomerLinkInvalid);
    if (role !== 'customer' && customerId)
      throw badInput(['customerId is only for users with the customer role'], UserErrorCode.CustomerLinkInvalid);
    if (customerId) {
      const found = await this.db.query(`SELECT 1 FROM customers WHERE id = $1`, [customerId]);
      if (!found.length)
        throw badInput([`customerId ${customerId} is not a customer`], UserErrorCode.CustomerLinkInvalid);
    }
  }
}
