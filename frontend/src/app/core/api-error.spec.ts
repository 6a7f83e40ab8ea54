import { HttpErrorResponse } from '@angular/common/http';
import { errorCode, errorMessages, errorStatus } from './api-error';

describe('errorMessages', () => {
  const response = (status: number, error: unknown) =>
    new HttpErrorResponse({ status, statusText: 'Bad Request', error, url: '/api/x' });

  it('lists every field message of a validation error', () => {
    const sut = response(400, {
      statusCode: 400,
      error: 'Bad Request',
      message: ['name must not be empty', 'timezone is invalid'],
    });
    expect(errorMessages(sut)).toEqual(['name must not be empty', 'timezone is invalid']);
  });

  it('shows a single server message as is', () => {
    expect(errorMessages(response(429, { message: 'Too many attempts, retry in 60 s' }))).toEqual([
      'Too many attempts, retry in 60 s',
    ]);
  });

  it('explains an unreachable server', () => {
    expect(errorMessages(response(0, null))[0]).toContain('cannot be reached');
  });

  it('unwraps errors that resources wrapped', () => {
    const wrapped = new Error('wrapped', { cause: response(404, { message: 'Customer not found' }) });
    expect(errorMessages(wrapped)).toEqual(['Customer not found']);
    expect(errorStatus(wrapped)).toBe(404);
  });
});

describe('errorCode', () => {
  const response = (status: number, error: unknown) => new HttpErrorResponse({ status, error, url: '/api/x' });

  it("reads the server's domain code, also from a wrapped error", () => {
    const stale = response(409, {
      statusCode: 409,
      message: 'stale version, current is 4',
      code: 'ticket_stale_version',
    });
    expect(errorCode(stale)).toBe('ticket_stale_version');
    expect(errorCode(new Error('wrapped', { cause: stale }))).toBe('ticket_stale_version');
  });

  it('is null without a server answer or a code', () => {
    expect(errorCode(response(0, null))).toBeNull();
    expect(errorCode(response(502, '<html>Bad Gateway</html>'))).toBeNull();
    expect(errorCode(new Error('boom'))).toBeNull();
  });
});
