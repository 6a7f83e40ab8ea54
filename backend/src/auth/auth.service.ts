import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, type Repository } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { AuthErrorCode, CommonErrorCode } from '../common/error-codes.js';
import { normalizeIp } from '../common/ip.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import { Session, User } from '../users/user.entity.js';
import { LoginFailureObservers } from './login-failure-observers.js';
import { insertLoginFailure } from './login-failure-rows.js';
import { LoginRateLimiter } from './login-rate-limiter.js';
import { DUMMY_HASH_PROMISE, hashPassword, verifyPassword } from './password.js';
import type { Principal } from './principal.js';

const sha256 = (s: string) => createHash('sha256').update(s).digest();

export interface LoginResult {
  accessToken: string;
  expiresAt: Date;
  user: Principal;
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);
  private readonly limiter: LoginRateLimiter;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(User) private readonly users: Repository<User>,
    @InjectRepository(Session) private readonly sessions: Repository<Session>,
    private readonly db: DataSource,
    private readonly clock: Clock,
    private readonly failureObservers: LoginFailureObservers,
  ) {
    this.limiter = new LoginRateLimiter(
      config.loginLimitPerIp,
      config.loginLimitPerAccount,
      config.loginLimitWindowSeconds * 1000,
    );
  }

  /** First boot with no users: create the admin from ADMIN_EMAIL/ADMIN_PASSWORD, or generate a password once. */
  async onApplicationBootstrap(): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const password = this.config.adminPassword ?? randomBytes(12).toString('base64url');
    await this.users.insert({
      email: this.config.adminEmail,
      name: 'Administrator',
      role: 'admin',
      customerId: null,
      passwordHash: await hashPassword(password),
    });
    if (this.config.adminPassword) {
      this.logger.log(`created the first admin ${this.config.adminEmail} (password from ADMIN_PASSWORD)`);
    } else {
      // Printed once, on stdout, on purpose: it is the only way in on a fresh install.
      console.log(
        `\n  First admin created:\n    email:    ${this.config.adminEmail}\n    password: ${password}\n  (shown only this once; set ADMIN_PASSWORD to choose it)\n`,
      );
    }
  }

  async login(email: string, password: string, sourceIp: string, userAgent: string | null): Promise<LoginResult> {
    const account = email.trim().toLowerCase();
    const admission = this.limiter.admit(sourceIp, account);
    if ('retryAfter' in admission) {
      await this.recordFailure(account, sourceIp, 'rate_limited');
      throw tooManyFailures(admission.retryAfter);
    }
    const { ticket } = admission;
    let user: User | null;
    let ok: boolean;
    try {
      user = await this.users
        .createQueryBuilder('u')
        .addSelect('u.passwordHash')
        .where('u.email = :account', { account })
        .getOne();
      ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH_PROMISE));
    } catch (err) {
      this.limiter.release(ticket);
      throw err;
    }
    if (!user || !ok || !user.active) {
      const wait = this.limiter.fail(ticket);
      await this.recordFailure(account, sourceIp, !user ? 'unknown_user' : !ok ? 'bad_password' : 'inactive');
      if (wait > 0) throw tooManyFailures(wait);
      throw new AppError(AuthErrorCode.InvalidCredentials, 'Wrong email or password');
    }
    this.limiter.succeed(ticket);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.config.sessionTtlHours * 3600_000);
    await this.sessions.insert({
      tokenHash: sha256(token),
      userId: user.id,
      sourceIp: sourceIp || null,
      userAgent: userAgent?.slice(0, 300) ?? null,
      expiresAt,
    });
    await this.users.update(user.id, { lastLoginAt: new Date() });
    return { accessToken: token, expiresAt, user: toPrincipal(user) };
  }

  /** The principal behind a bearer/cookie token, or null when it is unknown, expired or the user is disabled. */
  async authenticate(token: string): Promise<Principal | null> {
    const row = await this.db.query(
      `SELECT u.id, u.email, u.name, u.role, u.customer_id AS "customerId"
         FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = $1 AND s.expires_at > now() AND u.active`,
      [sha256(token)],
    );
    return row[0] ?? null;
  }

  async logout(token: string): Promise<void> {
    await this.sessions.delete({ tokenHash: sha256(token) });
  }

  isEnforcementToken(token: string): boolean {
    const expected = this.config.enforcementToken;
    if (!expected) return false;
    // Hashed once: the switch presents it on every call set-up.
    this.enforcementDigest ??= sha256(expected);
    return timingSafeEqual(sha256(token), this.enforcementDigest);
  }
  private enforcementDigest: Buffer | null = null;

  private async recordFailure(email: string, sourceIp: string, reason: string): Promise<void> {
    const ip = normalizeIp(sourceIp);
    const at = this.clock.now();
    await insertLoginFailure(this.db, { email, sourceIp: ip, reason, at });
    if (ip) this.failureObservers.notify({ sourceIp: ip, at });
  }
}

const tooManyFailures = (retryAfter: number) =>
  new AppError(CommonErrorCode.RateLimited, `Too many failed logins; try again in ${retryAfter} s`, { retryAfter });

export function toPrincipal(u: User): Principal {
  return { id: u.id, email: u.email, name: u.name, role: u.role, customerId: u.customerId };
}
