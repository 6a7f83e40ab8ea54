import { createHash } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { OutgoingHttpHeaders } from 'node:http';
import helmet from 'helmet';

const sha256 = (code: string) => `'sha256-${createHash('sha256').update(code).digest('base64')}'`;

/**
 * Helmet with a CSP that fits the built Angular app: its scripts are files of its own; Angular and
 * Material add <style> elements at run time and ECharts sets inline styles, hence 'unsafe-inline' for
 * styles only. No fonts or images from elsewhere. HSTS and upgrade-insecure-requests only when the app
 * is served over HTTPS (COOKIE_SECURE=true): on plain HTTP they would break it.
 */
export function securityHeaders(config: { cookieSecure: boolean }): RequestHandler {
  const https = config.cookieSecure;
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        objectSrc: ["'none'"],
        scriptSrc: ["'self'"],
        // The one inline handler in index.html: Angular's critical-CSS inlining loads the full
        // stylesheet with onload="this.media='all'". Without it the app stays unstyled.
        scriptSrcAttr: ["'unsafe-hashes'", sha256("this.media='all'")],
        styleSrc: ["'self'", "'unsafe-inline'"],
        ...(https && { upgradeInsecureRequests: [] }),
      },
    },
    strictTransportSecurity: https ? { maxAge: 365 * 24 * 3600, includeSubDomains: true } : false,
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
  });
}

/** API answers carry sessions, customers' data and case files: no browser or proxy may keep them. */
export function noStore(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Cache-Control', 'no-store');
  next();
}

/**
 * The headers these middlewares set on every answer (they depend on neither request nor response), for an answer
 * written without Express (the authorize lane): run once at start-up against a recording response.
 */
export function fixedHeaders(...middlewares: RequestHandler[]): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  const res = {
    setHeader: (name: string, value: string) => void (headers[name.toLowerCase()] = value),
    removeHeader: (name: string) => void delete headers[name.toLowerCase()],
    getHeader: (name: string) => headers[name.toLowerCase()],
  };
  for (const middleware of middlewares) {
    let passed = false;
    middleware({ headers: {} } as Request, res as unknown as Response, () => (passed = true));
    if (!passed) throw new Error('a fixed-header middleware did not pass the request on synchronously');
  }
  return headers;
}
