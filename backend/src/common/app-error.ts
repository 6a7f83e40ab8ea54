import { CommonErrorCode, type ErrorCode } from './error-codes.js';

/** A domain error: services throw these with their feature's code; the one filter maps codes to HTTP. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string | string[],
    readonly extra: Record<string, unknown> = {},
  ) {
    super(Array.isArray(message) ? message.join('; ') : message);
    this.messages = message;
  }
  readonly messages: string | string[];
}

export const badInput = (
  m: string | string[],
  code: ErrorCode = CommonErrorCode.BadInput,
  extra?: Record<string, unknown>,
) => new AppError(code, m, extra);
export const notFound = (what: string, code: ErrorCode = CommonErrorCode.NotFound) =>
  new AppError(code, `${what} not found`);
export const forbidden = (m = 'You may not do this', code: ErrorCode = CommonErrorCode.Forbidden) =>
  new AppError(code, m);
export const conflict = (m: string, code: ErrorCode = CommonErrorCode.Conflict, extra?: Record<string, unknown>) =>
  new AppError(code, m, extra);
