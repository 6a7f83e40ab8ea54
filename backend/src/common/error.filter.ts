import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AppError } from './app-error.js';
import {
  AuthErrorCode,
  AttachmentErrorCode,
  AlertEmailErrorCode,
  BlacklistErrorCode,
  CdrErrorCode,
  CommonErrorCode,
  CustomerErrorCode,
  DetectedEventErrorCode,
  DetectionErrorCode,
  EnforcementErrorCode,
  type ErrorCode,
  OncallErrorCode,
  ThresholdErrorCode,
  RestrictionErrorCode,
  TicketErrorCode,
  UserErrorCode,
} from './error-codes.js';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** The HTTP status of each code. Exhaustive: a code without a status does not compile. */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case CommonErrorCode.BadInput:
    case CommonErrorCode.ValidationFailed:
    case CommonErrorCode.TextInvalid:
    case CommonErrorCode.CursorInvalid:
    case CommonErrorCode.DateInvalid:
    case CommonErrorCode.DateOutOfRange:
    case CommonErrorCode.DateRangeInvalid:
    case CommonErrorCode.JsonMalformed:
    case CommonErrorCode.JsonTooDeep:
    case CommonErrorCode.JsonTooManyKeys:
    case CommonErrorCode.JsonTooManyItems:
    case CommonErrorCode.JsonKeyRefused:
    case CommonErrorCode.ValueRefused:
    case AuthErrorCode.WeakPassword:
    case UserErrorCode.CustomerLinkInvalid:
    case CustomerErrorCode.ImportInvalid:
    case CdrErrorCode.FormatUnknown:
    case CdrErrorCode.HeaderInvalid:
    case CdrErrorCode.ProfileInvalid:
    case CdrErrorCode.FileEmpty:
    case CdrErrorCode.UploadMalformed:
    case CdrErrorCode.RateDeckInvalid:
    case TicketErrorCode.EventPayloadInvalid:
    case TicketErrorCode.OwnerInvalid:
    case AttachmentErrorCode.UploadInvalid:
    case TicketErrorCode.SavedFilterLimit:
    case RestrictionErrorCode.ValueInvalid:
    case RestrictionErrorCode.TooBroad:
    case RestrictionErrorCode.ReasonRequired:
    case DetectedEventErrorCode.CustomerUnknown:
    case DetectedEventErrorCode.EvidenceInvalid:
    case DetectionErrorCode.ParamsInvalid:
    case DetectionErrorCode.ThresholdsInverted:
    case DetectionErrorCode.WindowInvalid:
    case DetectionErrorCode.CountryUnknown:
    case DetectionErrorCode.PrefixMalformed:
    case DetectionErrorCode.CustomerUnknown:
    case DetectionErrorCode.RangeInvalid:
    case DetectionErrorCode.BacktestUnavailable:
    case DetectionErrorCode.ContactInvalid:
    case EnforcementErrorCode.BlocklistKindNeedsText:
    case BlacklistErrorCode.IpInvalid:
    case AlertEmailErrorCode.MessageInvalid:
    case BlacklistErrorCode.FailureBatchInvalid:
    case OncallErrorCode.SetupInvalid:
    case OncallErrorCode.OverridesOverlap:
    case OncallErrorCode.EngineerUnknown:
    case ThresholdErrorCode.TargetUnknown:
    case ThresholdErrorCode.RequestInvalid:
      return 400;
    case AuthErrorCode.Unauthorized:
    case AuthErrorCode.SessionExpired:
    case AuthErrorCode.InvalidCredentials:
      return 401;
    case CommonErrorCode.Forbidden:
    case AuthErrorCode.RoleForbidden:
    case AuthErrorCode.CsrfOriginRefused:
    case TicketErrorCode.EventForbidden:
    case TicketErrorCode.NoteVisibilityForbidden:
    case AttachmentErrorCode.VisibilityForbidden:
    case RestrictionErrorCode.ConfirmBroadForbidden:
    case DetectionErrorCode.SettingForbidden:
      return 403;
    case CommonErrorCode.NotFound:
    case CommonErrorCode.RouteNotFound:
    case UserErrorCode.NotFound:
    case CustomerErrorCode.NotFound:
    case CdrErrorCode.ImportNotFound:
    case CdrErrorCode.UsageWidgetUnknown:
    case CdrErrorCode.ProfileNotFound:
    case TicketErrorCode.NotFound:
    case TicketErrorCode.ChecklistItemNotFound:
    case TicketErrorCode.ChecklistTemplateNotFound:
    case AttachmentErrorCode.NotFound:
    case TicketErrorCode.SavedFilterNotFound:
    case DetectionErrorCode.RuleNotFound:
    case DetectionErrorCode.AlertNotFound:
    case BlacklistErrorCode.EntryNotFound:
    case AlertEmailErrorCode.NotFound:
    case BlacklistErrorCode.NotWhitelisted:
    case OncallErrorCode.NobodyOnCall:
    case OncallErrorCode.PageLinkUnknown:
    case ThresholdErrorCode.RequestNotFound:
    case TicketErrorCode.ReviewLinkInvalid:
      return 404;
    case TicketErrorCode.ReviewLinkExpired:
      return 410;
    case CommonErrorCode.Conflict:
    case CdrErrorCode.ProfileNameTaken:
    case CdrErrorCode.ProfileBuiltIn:
    case CommonErrorCode.AlreadyExists:
    case CommonErrorCode.StillReferenced:
    case UserErrorCode.EmailTaken:
    case UserErrorCode.LastAdmin:
    case CustomerErrorCode.AccountCodeTaken:
    case CustomerErrorCode.IpOverlap:
    case CustomerErrorCode.HasUsers:
    case TicketErrorCode.StaleVersion:
    case TicketErrorCode.EventNotAllowed:
    case TicketErrorCode.AlreadyOpen:
    case TicketErrorCode.ChecklistIncomplete:
    case ThresholdErrorCode.AlreadyDecided:
    case AlertEmailErrorCode.NotQuarantined:
      return 409;
    case CommonErrorCode.PayloadTooLarge:
    case CdrErrorCode.UploadTooLarge:
    case CdrErrorCode.RateDeckTooLarge:
    case AlertEmailErrorCode.TooLarge:
    case AttachmentErrorCode.TooLarge:
      return 413;
    case CommonErrorCode.UnsupportedMediaType:
    case CommonErrorCode.JsonNotUtf8:
    case AuthErrorCode.CsrfFormBodyRefused:
    case CdrErrorCode.UploadTypeUnsupported:
    case CdrErrorCode.RateDeckTypeUnsupported:
    case AlertEmailErrorCode.TypeUnsupported:
    case AttachmentErrorCode.TypeRefused:
      return 415;
    case CommonErrorCode.RateLimited:
      return 429;
    case CommonErrorCode.InternalError:
      return 500;
    default:
      return unmapped(code);
  }
}

function unmapped(code: never): never {
  throw new Error(`error code ${String(code)} has no HTTP status`);
}

/** The code of an error that comes with its own status (Nest's exceptions, http-errors), not from our code. */
function codeOfStatus(status: number): ErrorCode {
  switch (status) {
    case 401:
      return AuthErrorCode.Unauthorized;
    case 403:
      return CommonErrorCode.Forbidden;
    case 404:
      return CommonErrorCode.NotFound;
    case 409:
      return CommonErrorCode.Conflict;
    case 413:
      return CommonErrorCode.PayloadTooLarge;
    case 415:
      return CommonErrorCode.UnsupportedMediaType;
    case 429:
      return CommonErrorCode.RateLimited;
    default:
      return status >= 500 ? CommonErrorCode.InternalError : CommonErrorCode.BadInput;
  }
}

/** Nest's own exceptions: its pipes' 400s are validation, its router's 404 ("Cannot GET /api/x") an unknown route. */
function codeOfHttpException(status: number, message: unknown): ErrorCode {
  if (status === 400) return CommonErrorCode.ValidationFailed;
  if (status === 404 && typeof message === 'string' && /^Cannot [A-Z]+ /.test(message)) {
    return CommonErrorCode.RouteNotFound;
  }
  return codeOfStatus(status);
}

/**
 * SQLSTATEs that mean "this value cannot be stored or compared": class 22 (data exception: string too long,
 * numeric or datetime out of range, untranslatable character, invalid text representation, …), and the
 * NOT NULL and CHECK violations of class 23.
 */
function isBadValue(sqlState: string): boolean {
  return sqlState.startsWith('22') || sqlState === '23502' || sqlState === '23514';
}

export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  code: ErrorCode;
  [k: string]: unknown;
}

function bodyOf(code: ErrorCode, message: string | string[], extra: Record<string, unknown> = {}): ErrorBody {
  const statusCode = statusOf(code);
  return { ...extra, statusCode, error: STATUS_TEXT[statusCode], message, code };
}

/**
 * Nest's Express adapter wraps what middleware passes on (body-parser's http-errors, the router's URIError,
 * our JsonShapeError inside body-parser) in an HttpException: the cause says what happened.
 */
function unwrapped(err: unknown): unknown {
  if (!(err instanceof HttpException)) return err;
  const cause = err.cause as { type?: unknown } | undefined;
  return cause instanceof AppError || cause instanceof URIError || typeof cause?.type === 'string' ? cause : err;
}

/** Errors from body-parser, pg, Nest and our own code all become `{statusCode, error, message, code}`. */
export function toErrorBody(thrown: unknown, logger: Logger, req?: Request): ErrorBody {
  const err = unwrapped(thrown);
  if (err instanceof AppError) return bodyOf(err.code, err.messages, err.extra);
  if (err instanceof HttpException) {
    const statusCode = err.getStatus();
    const res = err.getResponse();
    const body = typeof res === 'string' ? { message: res } : (res as Record<string, unknown>);
    const message = (body.message as string | string[]) ?? err.message;
    return {
      ...body,
      statusCode,
      error: (body.error as string) ?? STATUS_TEXT[statusCode] ?? 'Error',
      message,
      code: codeOfHttpException(statusCode, message),
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
    return bodyOf(CommonErrorCode.PayloadTooLarge, 'Request body is larger than the limit');
  if (e?.type === 'entity.parse.failed') return bodyOf(CommonErrorCode.JsonMalformed, `Malformed JSON: ${e.message}`);
  // body-parser, and Express's router (`Failed to decode param`): http-errors with a 4xx status.
  const clientError = typeof e?.status === 'number' && e.status >= 400 && e.status < 500;
  if (clientError && (e.type || e.expose || err instanceof URIError)) {
    return {
      statusCode: e.status!,
      error: STATUS_TEXT[e.status!] ?? 'Bad Request',
      message: e.message ?? 'Bad request',
      code: codeOfStatus(e.status!),
    };
  }
  // PostgreSQL: bad input that slipped past validation must still be a 4xx. A safety net: validation
  // should have named the field.
  if (e?.code === '23505') return bodyOf(CommonErrorCode.AlreadyExists, `Already exists: ${e.detail ?? e.message}`);
  if (e?.code === '23503') return bodyOf(CommonErrorCode.StillReferenced, `Still referenced: ${e.detail ?? e.message}`);
  if (typeof e?.code === 'string' && isBadValue(e.code)) {
    logger.warn(
      `${req?.method ?? ''} ${req?.url ?? ''}: PostgreSQL refused a value validation let through (${e.code}): ${e.message}`,
    );
    return bodyOf(CommonErrorCode.ValueRefused, `Invalid value: ${e.message}`);
  }
  logger.error(`${req?.method ?? ''} ${req?.url ?? ''} failed: ${(err as Error)?.stack ?? String(err)}`);
  return bodyOf(CommonErrorCode.InternalError, 'Internal server error');
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
