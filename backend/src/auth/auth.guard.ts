import { type CanActivate, type ExecutionContext, Inject, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';
import { AppError } from '../common/app-error.js';
import { AuthErrorCode } from '../common/error-codes.js';
import { APP_CONFIG, type AppConfig } from '../config/config.js';
import type { Role } from '../users/user.entity.js';
import { AuthService } from './auth.service.js';
import { ENFORCEMENT_TOKEN_OK, IS_PUBLIC, ROLES_KEY, type Principal } from './principal.js';
import { assertSameOrigin, originOf } from './same-origin.js';

export const SESSION_COOKIE = 'tollgate_session';

export function tokenOf(req: Request): string | null {
  const h = req.headers.authorization;
  if (h?.startsWith('Bearer ')) return h.slice(7).trim() || null;
  const c = (req as Request & { cookies?: Record<string, string> }).cookies?.[SESSION_COOKIE];
  return c || null;
}

const isBearer = (req: Pick<Request, 'headers'>) => req.headers.authorization?.startsWith('Bearer ') ?? false;

/**
 * The switch's credential as this guard accepts it on a route marked `@AcceptsEnforcementToken()`: a bearer
 * token equal to ENFORCEMENT_TOKEN. The authorize lane answers only such requests; any other goes to this guard.
 */
export function isEnforcementBearer(req: IncomingMessage, auth: AuthService): boolean {
  if (!isBearer(req)) return false;
  const token = tokenOf(req as Request);
  return token !== null && auth.isEnforcementToken(token);
}

/** Global guard: every route is authenticated and role-checked unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly logger = new Logger(AuthGuard.name);
  private readonly ownOrigins: string[];

  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.ownOrigins = originOf(config.publicUrl);
  }

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal; enforcementClient?: boolean }>();
    const token = tokenOf(req);
    if (!token) throw new AppError(AuthErrorCode.Unauthorized, 'Sign in first (no session cookie or bearer token)');
    // The cookie rides along with requests other pages make; a bearer token never does.
    if (!isBearer(req)) assertSameOrigin(req, this.ownOrigins);

    if (
      this.reflector.getAllAndOverride<boolean>(ENFORCEMENT_TOKEN_OK, targets) &&
      this.auth.isEnforcementToken(token)
    ) {
      req.enforcementClient = true;
      return true;
    }
    const principal = await this.auth.authenticate(token);
    if (!principal) throw new AppError(AuthErrorCode.SessionExpired, 'Session expired or unknown; sign in again');
    req.principal = principal;

    const roles = this.reflector.getAllAndOverride<Role[]>(ROLES_KEY, targets);
    if (!roles) {
      // A route without @Roles is a programming error; fail closed.
      this.logger.error(`route ${req.method} ${req.path} declares no @Roles`);
      throw new AppError(AuthErrorCode.RoleForbidden, 'This endpoint is not open to your role');
    }
    if (!roles.includes(principal.role)) {
      throw new AppError(AuthErrorCode.RoleForbidden, `This endpoint is not open to the ${principal.role} role`);
    }
    return true;
  }
}
