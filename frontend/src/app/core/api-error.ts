import { HttpErrorResponse } from '@angular/common/http';

/**
 * What to tell the user about a failed API call. The server answers `{statusCode, error, message, code}`
 * where `message` is a string or, for validation, one per field.
 */
export function errorMessages(error: unknown): string[] {
  const response = asHttpError(error);
  if (!response) return ['Something went wrong. Try again.'];
  if (response.status === 0) return ['The server cannot be reached. Check the connection and try again.'];

  const message: unknown = (response.error as { message?: unknown } | null)?.message;
  if (Array.isArray(message) && message.length > 0) return message.map(String);
  if (typeof message === 'string' && message.trim() !== '') return [message];
  return [`${response.status} ${response.statusText || 'Request failed'}`.trim()];
}

export function errorStatus(error: unknown): number | null {
  return asHttpError(error)?.status ?? null;
}

/**
 * The server's domain code (`ticket_stale_version`, `customer_not_found`, … listed in the API document's
 * ErrorCode): what the app branches on, never the message or the bare status. Null without one (no server).
 */
export function errorCode(error: unknown): string | null {
  const code: unknown = (asHttpError(error)?.error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
}

// Resources wrap non-Error failures (HttpErrorResponse is not an Error) and keep them as `cause`.
function asHttpError(error: unknown): HttpErrorResponse | null {
  if (error instanceof HttpErrorResponse) return error;
  if (error instanceof Error && error.cause instanceof HttpErrorResponse) return error.cause;
  return null;
}
