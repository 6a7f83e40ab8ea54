// The switch's hot route, answered in front of Express. Express, Nest's router and helmet allocated about 60 KB
// a request, and at 1,000 requests/s that garbage made the collector pause the answers (README §Benchmark).
// The lane answers the usual request only: `POST /api/enforcement/authorize`, no query or `?format=sip|json`, a
// bearer token that is the enforcement token. Everything else (another method, path spelling or query, a user's
// token or cookie, no token) goes to Express unread, so Nest answers it as it always did. What the lane answers it
// answers with the app's own parts: the form-body refusal, the JSON body parser with its shape check, the global
// pipe's text rule and validators, the service's decision, the filter's error bodies and the security headers.
import type { IncomingMessage, OutgoingHttpHeaders, RequestListener, ServerResponse } from 'node:http';
import { Logger, type ArgumentMetadata } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { toErrorBody } from '../common/error.filter.js';
import type { InputValidationPipe } from '../common/input-text.js';
import { AuthorizeCallDto } from './enforcement.dto.js';
import type { EnforcementService } from './enforcement.service.js';
import { sipAnswer } from './sip-status.js';
// The hand-written check of the authorize input, registered with the pipe.
import './authorize-input.js';

export const AUTHORIZE_PATH = '/api/enforcement/authorize';

export interface AuthorizeLaneParts {
  /** Express with Nest behind it: every request the lane does not answer. */
  app: RequestListener;
  enforcement: EnforcementService;
  /** The guard's rule for the switch (`isEnforcementBearer`). */
  isSwitch(req: IncomingMessage): boolean;
  /** The middlewares Express runs on this route before the body is read, in order (the form-body refusal). */
  before: RequestHandler[];
  /** The app's JSON body parser (the same instance Express runs). */
  json: RequestHandler;
  pipe: InputValidationPipe;
  /** The headers Express's middlewares put on every answer (`fixedHeaders`: helmet, no-store). */
  headers: OutgoingHttpHeaders;
}

const BODY: ArgumentMetadata = { type: 'body', metatype: AuthorizeCallDto, data: undefined };
type Format = 'json' | 'sip';

/** The answer format of a URL the lane answers, or null for any other URL (Express answers those). */
function formatOf(url: string | undefined): Format | null {
  if (url === AUTHORIZE_PATH) return 'json';
  if (url === `${AUTHORIZE_PATH}?format=sip`) return 'sip';
  if (url === `${AUTHORIZE_PATH}?format=json`) return 'json';
  return null;
}

type LaneRequest = IncomingMessage & { body?: unknown };

export function authorizeLane(parts: AuthorizeLaneParts): RequestListener {
  // The error filter's logger: a refused or failed call logs what the Nest route would log.
  const logger = new Logger('ErrorFilter');
  // One header object per kind of answer, its length set before each writeHead, which copies the headers out at
  // once (no object per answer).
  const json: OutgoingHttpHeaders = { ...parts.headers, 'content-type': 'application/json; charset=utf-8' };
  const text: OutgoingHttpHeaders = { ...parts.headers, 'content-type': 'text/plain; charset=utf-8' };
  json['content-length'] = 0;
  text['x-sip-status'] = 0;
  text['content-length'] = 0;

  const send = (res: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: string, sip?: number) => {
    headers['content-length'] = Buffer.byteLength(body);
    if (sip !== undefined) headers['x-sip-status'] = sip;
    res.writeHead(status, headers);
    res.end(body);
  };

  const fail = (req: LaneRequest, res: ServerResponse, err: unknown) => {
    if (req.socket.destroyed && !res.headersSent) {
      logger.warn(`${req.method} ${req.url}: client went away (${(err as Error)?.message ?? err})`);
      return;
    }
    if (res.headersSent) return void res.end();
    const body = toErrorBody(err, logger, req as Request);
    send(res, body.statusCode, json, JSON.stringify(body));
  };

  const answer = (res: ServerResponse, format: Format, dto: AuthorizeCallDto) => {
    const decision = parts.enforcement.authorize(dto);
    if (format === 'json') return send(res, 200, json, JSON.stringify(decision));
    const { status, text: lines } = sipAnswer(decision);
    send(res, 200, text, lines, status.code);
  };

  const validated = (req: LaneRequest, res: ServerResponse, format: Format) => {
    try {
      const dto = parts.pipe.quick(req.body, BODY) as AuthorizeCallDto | null;
      if (dto) return answer(res, format, dto);
    } catch (err) {
      return fail(req, res, err);
    }
    // Input the hand-written check does not accept: class-validator names the fields, as on the Nest route.
    parts.pipe
      .transform(req.body, BODY)
      .then((dto) => answer(res, format, dto as AuthorizeCallDto))
      .catch((err: unknown) => fail(req, res, err));
  };

  /** Runs `before`, then the body parser, as Express would; any error is answered as the filter answers it. */
  const run = (req: LaneRequest, res: ServerResponse, format: Format, step: number) => {
    const middleware = step < parts.before.length ? parts.before[step] : parts.json;
    const next: NextFunction = (err?: unknown) => {
      if (err) return fail(req, res, err);
      if (step < parts.before.length) return run(req, res, format, step + 1);
      validated(req, res, format);
    };
    try {
      middleware(req as Request, res as Response, next);
    } catch (err) {
      fail(req, res, err);
    }
  };

  return (req, res) => {
    const format = req.method === 'POST' ? formatOf(req.url) : null;
    if (format === null || !parts.isSwitch(req)) return parts.app(req, res);
    run(req, res, format, 0);
  };
}
