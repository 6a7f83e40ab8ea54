import { HttpErrorResponse } from '@angular/common/http';
import { errorMessages, errorStatus } from './api-error';

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
