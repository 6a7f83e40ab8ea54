import type { NextFunction, Request, Response } from 'express';
import { AppError } from '../common/app-error.js';
import { AuthErrorCode } from '../common/error-codes.js';

const CHANGES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Why a change authenticated by the session cookie is not proven to come from the web app itself, or
 * null when it is (or when it is no change). SameSite=Strict is not enough on its own: a page on another
 * port of the same host, or on a sibling subdomain, is the same site and the browser sends the cookie.
 * `ownOrigins` are the origins the app is reached at besides the request's own (PUBLIC_URL).
 */
export function crossOriginReason(req: Request, ownOrigins: readonly string[]): string | null {
  if (!CHANGES.has(req.method)) return null;
  // Browsers set Sec-Fetch-Site themselves and pages cannot forge it; `none` is the user's own action.
  const site = req.get('sec-fetch-site');
  if (site)
    return site === 'same-origin' || site === 'none' ? null : `it comes from another page (Sec-Fetch-Site: ${site})`;
  const origin = req.get('origin');
  if (!origin) return 'it carries neither Origin nor Sec-Fetch-Site (API clients use a bearer token)';
  // req.protocol and req.host follow X-Forwarded-Proto/-Host only when TRUST_PROXY trusts the proxy.
  const own = `${req.protocol}://${req.host}`;
  if (origin === own || ownOrigins.includes(origin)) return null;
  return `its Origin ${origin} is not this app's (${own})`;
}

export function assertSameOrigin(req: Request, ownOrigins: readonly string[]): void {
  const why = crossOriginReason(req, ownOrigins);
  if (why) throw new AppError(AuthErrorCode.CsrfOriginRefused, `Refused a change made with the session cookie: ${why}`);
}

/** The origin of a configured URL, or nothing when it has none. */
export function originOf(url: string): string[] {
  try {
    return [new URL(url).origin].filter((o) => o !== 'null');
  } catch {
    return [];
  }
}

// Content types an HTML form on any site can post without a CORS preflight. No endpoint takes them:
// JSON is application/json and uploads are text/csv or multipart.
const FORM_ENCODINGS = /^\s*(text\/plain|application\/x-www-form-urlencoded)\s*(;|$)/i;

/** Express middleware: 415 for a change whose body is text/plain or URL-encoded. */
export function refuseFormEncodedBodies(req: Request, _res: Response, next: NextFunction): void {
  const type = req.headers['content-type'];
  if (!CHANGES.has(req.method) || !type || !FORM_ENCODINGS.test(type)) return next();
  next(
    new AppError(
      AuthErrorCode.CsrfFormBodyRefused,
      `Send JSON as application/json (CDR files and rate decks as text/csv or multipart/form-data), not ${type.split(';')[0].trim()}: any web page can post that`,
    ),
  );
}
