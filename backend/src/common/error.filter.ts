import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError, ErrorCode } from './app-error.js';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

function statusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.BadInput:
      return 400;
    case ErrorCode.Unauthorized:
      return 401;
    case ErrorCode.Forbidden:
      return 403;
    case ErrorCode.NotFound:
      return 404;
    case ErrorCode.Conflict:
      return 409;
    case ErrorCode.TooLarge:
      return 413;
    case ErrorCode.UnsupportedMedia:
      return 415;
    case ErrorCode.RateLimited:
      return 429;
  }
}

/**
 * SQLSTATEs that mean "this value cannot be stored or compared": class 22 (data exception: string too long,
 * numeric or datetime out of range, untranslatable character, invalid text representation, …), and the
 * NOT NULL and CHECK violations of class 23.
 */
function isBadValue(sqlState: string): boolean {
  return sqlState.startsWith('22') || sqlState === '23502' || sqlState === '23514';
}

interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  [k: string]: unknown;
}

/** Errors from body-parser, pg and our own code all become Nest's `{statusCode, error, message}`. */
export function toErrorBody(err: unknown, logger: Logger, req?: Request): ErrorBody {
  if (err instanceof AppError) {
    const statusCode = statusOf(err.code);
    return { statusCode, error: STATUS_TEXT[statusCode], message: err.messages, ...err.extra };
  }
  if (err instanceof HttpException) {
    const statusCode = err.getStatus();
    const res = err.getResponse();
    const body = typeof res === 'string' ? { message: res } : (res as Record<string, unknown>);
    return {
      ...body,
      statusCode,
      error: (body.error as string) ?? STATUS_TEXT[statusCode] ?? 'Error',
      message: (body.message as string | string[]) ?? err.message,
    };
  }
  const e = err as {
    type?: string;
    status?: number;
    expose?: boolean;
    code?: string;
    message?: string;
    detail?: string;
  };
  // body-parser
  if (e?.type === 'entity.too.large')
    return { statusCode: 413, error: STATUS_TEXT[413], message: `Request body is larger than the limit` };
  if (e?.type === 'entity.parse.failed')
    return { statusCode: 400, error: STATUS_TEXT[400], message: `Malformed JSON: ${e.message}` };
  // body-parser, and Express's router (`Failed to decode param`): http-errors with a 4xx status.
  const clientError = typeof e?.status === 'number' && e.status >= 400 && e.status < 500;
  if (clientError && (e.type || e.expose || err instanceof URIError)) {
    return {
      statusCode: e.status!,
      error: STATUS_TEXT[e.status!] ?? 'Bad Request',
      message: e.message ?? 'Bad request',
    };
  }
  // PostgreSQL: bad input that slipped past validation must still be a 4xx. A safety net: validation
  // should have named the field.
  if (e?.code === '23505')
    return { statusCode: 409, error: STATUS_TEXT[409], message: `Already exists: ${e.detail ?? e.message}` };
  if (e?.code === '23503')
    return { statusCode: 409, error: STATUS_TEXT[409], message: `Still referenced: ${e.detail ?? e.message}` };
  if (typeof e?.code === 'string' && isBadValue(e.code)) {
    logger.warn(
      `${req?.method ?? ''} ${req?.url ?? ''}: PostgreSQL refused a value validation let through (${e.code}): ${e.message}`,
    );
    return { statusCode: 400, error: STATUS_TEXT[400], message: `Invalid value: ${e.message}` };
  }
  logger.error(`${req?.method ?? ''} ${req?.url ?? ''} failed: ${(err as Error)?.stack ?? String(err)}`);
  return { statusCode: 500, error: STATUS_TEXT[500], message: 'Internal server error' };
}

@Catch()
export class ErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger(ErrorFilter.name);

  catch(err: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    if (req.socket?.destroyed && !res.headersSent) {
      // The client hung up mid-request (e.g. a cancelled upload): nobody is left to answer.
      this.logger.warn(`${req.method} ${req.url}: client went away (${(err as Error)?.message ?? err})`);
      return;
    }
    const body = toErrorBody(err, this.logger, req);
    if (res.headersSent) {
      res.end();
      return;
    }
    if (typeof body.retryAfter === 'number') res.setHeader('Retry-After', String(body.retryAfter));
    res.status(body.statusCode ?? HttpStatus.INTERNAL_SERVER_ERROR).json(body);
  }
}
