export enum ErrorCode {
  BadInput = 'bad_input',
  Unauthorized = 'unauthorized',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  TooLarge = 'too_large',
  UnsupportedMedia = 'unsupported_media',
  RateLimited = 'rate_limited',
}

/** A domain error: services throw these, the one filter maps codes to HTTP. */
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

export const badInput = (m: string | string[], extra?: Record<string, unknown>) =>
  new AppError(ErrorCode.BadInput, m, extra);
export const notFound = (what: string) => new AppError(ErrorCode.NotFound, `${what} not found`);
export const forbidden = (m = 'You may not do this') => new AppError(ErrorCode.Forbidden, m);
export const conflict = (m: string, extra?: Record<string, unknown>) => new AppError(ErrorCode.Conflict, m, extra);
