import {
  BadRequestException,
  ForbiddenException,
  HttpException,
  Logger,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import { IsInt, IsString, MinLength } from 'class-validator';
import { describe, expect, it, vi } from 'vitest';
import { AppError, badInput, conflict, forbidden, notFound } from './app-error.js';
import {
  ALL_ERROR_CODES,
  AuthErrorCode,
  CommonErrorCode,
  ERROR_CODE_ENUMS,
  type ErrorCode,
  TicketErrorCode,
} from './error-codes.js';
import { statusOf, toErrorBody } from './error.filter.js';
import { InputValidationPipe, withErrorCode } from './input-text.js';
import { JsonShapeError } from './json-shape.js';

const logger = new Logger('test');
logger.warn = () => {};
logger.error = () => {};
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

/** An error as body-parser hands it on: http-errors fields on it. */
const bodyParserError = (status: number, type: string, message: string, err: Error = new Error(message)) =>
  Object.assign(err, { status, statusCode: status, expose: true, type });

class Signup {
  @IsString() name: string;
  @IsString() @MinLength(12, withErrorCode(AuthErrorCode.WeakPassword)) password: string;
  @IsInt() age: number;
}

async function validationError(body: object): Promise<unknown> {
  const sut = new InputValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
  return sut.transform(body, { type: 'body', metatype: Signup }).then(
    () => expect.unreachable('the pipe let the body through'),
    (e: unknown) => e,
  );
}

describe(toErrorBody.name, () => {
  it.each(Object.entries(ERROR_CODE_ENUMS))('maps every %s code to an HTTP status', (_feature, codes) => {
    for (const code of Object.values(codes) as ErrorCode[]) {
      expect([400, 401, 403, 404, 409, 410, 413, 415, 429, 500]).toContain(statusOf(code));
      const body = toErrorBody(new AppError(code, 'why'), logger);
      expect(body).toMatchObject({ statusCode: statusOf(code), code, message: 'why' });
      expect(body.error).toEqual(expect.any(String));
    }
  });

  it('has no code twice, across features', () => {
    expect(new Set(ALL_ERROR_CODES).size).toBe(ALL_ERROR_CODES.length);
    expect(ALL_ERROR_CODES.every((c) => /^[a-z][a-z0-9_]*$/.test(c))).toBe(true);
  });

  it("puts the domain code beside Nest's fields and keeps the extra fields, which cannot override them", () => {
    const err = conflict('stale version, current is 4', TicketErrorCode.StaleVersion, {
      version: 4,
      allowedEvents: ['DISMISS'],
      code: 'conflict',
      statusCode: 200,
    });
    expect(toErrorBody(err, logger)).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'stale version, current is 4',
      code: 'ticket_stale_version',
      version: 4,
      allowedEvents: ['DISMISS'],
    });
  });

  it('gives the helpers a generic code unless the throw site names one', () => {
    expect(toErrorBody(badInput(['a', 'b']), logger)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: ['a', 'b'],
      code: 'bad_input',
    });
    expect(toErrorBody(notFound('Thing'), logger)).toMatchObject({ statusCode: 404, code: 'not_found' });
    expect(toErrorBody(forbidden(), logger)).toMatchObject({ statusCode: 403, code: 'forbidden' });
    expect(toErrorBody(conflict('x'), logger)).toMatchObject({ statusCode: 409, code: 'conflict' });
    expect(toErrorBody(notFound('Ticket', TicketErrorCode.NotFound), logger)).toMatchObject({
      statusCode: 404,
      code: 'ticket_not_found',
      message: 'Ticket not found',
    });
  });

  it('logs an unknown failure with the request and answers 500 internal_error', () => {
    const error = vi.fn();
    const spied = Object.assign(new Logger('test'), { error, warn: () => {} });
    const req = { method: 'POST', url: '/api/tickets' } as never;
    expect(toErrorBody(new TypeError('x is undefined'), spied, req)).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: 'Internal server error',
      code: 'internal_error',
    });
    expect(error).toHaveBeenCalledWith(expect.stringContaining('POST /api/tickets failed: TypeError: x is undefined'));
    expect(toErrorBody(pgError('53100', 'disk full'), logger)).toMatchObject({
      statusCode: 500,
      code: 'internal_error',
    });
    expect(toErrorBody(new RangeError('Maximum call stack size exceeded'), logger).statusCode).toBe(500);
  });

  it('answers the ValidationPipe with 400 validation_failed, listing every field', async () => {
    const body = toErrorBody(await validationError({ name: 1, password: 'long enough password', age: 'x' }), logger);
    expect(body).toMatchObject({ statusCode: 400, error: 'Bad Request', code: 'validation_failed' });
    expect(body.message).toEqual(['name must be a string', 'age must be an integer number']);
    const extra = toErrorBody(await validationError({ name: 'a', password: 'p'.repeat(12), age: 1, x: 1 }), logger);
    expect(extra).toMatchObject({ code: 'validation_failed', message: ['property x should not exist'] });
  });

  it('uses the code a rule carries when it is the only rule broken, else validation_failed', async () => {
    const weak = toErrorBody(await validationError({ name: 'a', password: 'short', age: 1 }), logger);
    expect(weak).toMatchObject({ statusCode: 400, code: 'weak_password' });
    expect(weak.message).toEqual(['password must be longer than or equal to 12 characters']);
    const mixed = toErrorBody(await validationError({ name: 'a', password: 'short', age: 'x' }), logger);
    expect(mixed).toMatchObject({ statusCode: 400, code: 'validation_failed' });
  });

  it('answers NUL characters and lone surrogates with 400 text_invalid', async () => {
    const body = toErrorBody(await validationError({ name: 'a\0b', password: 'p'.repeat(12), age: 1 }), logger);
    expect(body).toMatchObject({
      statusCode: 400,
      code: 'text_invalid',
      message: ['name must not contain a NUL character (U+0000)'],
    });
  });

  it.each([
    [new BadRequestException(['limit must not be greater than 500']), 400, 'validation_failed'],
    [new NotFoundException('Cannot GET /api/nope'), 404, 'route_not_found'],
    [new NotFoundException(), 404, 'not_found'],
    [new UnauthorizedException(), 401, 'unauthorized'],
    [new ForbiddenException('Forbidden resource'), 403, 'forbidden'],
  ])("gives Nest's own %s its status and a code", (err, statusCode, code) => {
    const { message } = err.getResponse() as { message: string | string[] };
    expect(toErrorBody(err, logger)).toMatchObject({ statusCode, code, message });
  });

  it.each([
    [bodyParserError(413, 'entity.too.large', 'request entity too large'), 413, 'payload_too_large'],
    [bodyParserError(400, 'entity.parse.failed', 'Unexpected token'), 400, 'json_malformed'],
    [bodyParserError(415, 'charset.unsupported', 'unsupported charset "LATIN1"'), 415, 'unsupported_media_type'],
    [bodyParserError(400, 'request.aborted', 'request aborted'), 400, 'bad_input'],
  ])('maps body-parser errors: %s', (err, statusCode, code) => {
    expect(toErrorBody(err, logger)).toMatchObject({ statusCode, code });
  });

  it("looks through Nest's wrapping of middleware errors to the body-parser error inside", () => {
    const wrap = (err: Error & { status: number }) => new HttpException(err.message, err.status, { cause: err });
    const tooLarge = bodyParserError(413, 'entity.too.large', 'request entity too large');
    expect(toErrorBody(wrap(tooLarge), logger)).toMatchObject({ statusCode: 413, code: 'payload_too_large' });
    const syntax = bodyParserError(400, 'entity.parse.failed', 'Unexpected end of JSON input', new SyntaxError('x'));
    expect(toErrorBody(wrap(syntax), logger)).toMatchObject({ statusCode: 400, code: 'json_malformed' });
    const deep = bodyParserError(
      403,
      'entity.shape.refused',
      '',
      new JsonShapeError(CommonErrorCode.JsonTooDeep, 'deep'),
    );
    expect(toErrorBody(wrap(deep), logger)).toMatchObject({ statusCode: 400, code: 'json_too_deep', message: 'deep' });
    // Our own HttpException with a cause keeps its own status and message.
    const own = new BadRequestException('limit is wrong', { cause: new Error('inner') });
    expect(toErrorBody(own, logger)).toMatchObject({
      statusCode: 400,
      code: 'validation_failed',
      message: 'limit is wrong',
    });
  });

  it('answers the JSON shape limits by their code, whatever status body-parser put on the error', () => {
    const deep = new JsonShapeError(CommonErrorCode.JsonTooDeep, 'JSON body is nested deeper than 32 levels');
    expect(toErrorBody(bodyParserError(403, 'entity.shape.refused', '', deep), logger)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: 'JSON body is nested deeper than 32 levels',
      code: 'json_too_deep',
    });
    const latin1 = new JsonShapeError(CommonErrorCode.JsonNotUtf8, 'Send JSON bodies as UTF-8');
    expect(toErrorBody(bodyParserError(403, 'entity.shape.refused', '', latin1), logger)).toMatchObject({
      statusCode: 415,
      code: 'json_not_utf8',
    });
  });

  it.each([
    ['22001', 'value too long for type character varying(2)'],
    ['22003', 'numeric field overflow'],
    ['22008', 'date/time field value out of range'],
    ['22P05', 'unsupported Unicode escape sequence'],
    ['22021', 'invalid byte sequence for encoding "UTF8": 0x00'],
    ['22P02', 'invalid input syntax for type uuid'],
    ['22007', 'invalid datetime format'],
    ['22023', 'invalid parameter value'],
    ['2201X', 'invalid row count in result offset clause'],
    ['23502', 'null value in column "name" violates not-null constraint'],
    ['23514', 'new row violates check constraint'],
  ])('maps PostgreSQL data exception %s to 400 (a safety net behind validation)', (code, message) => {
    expect(toErrorBody(pgError(code, message), logger)).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      message: `Invalid value: ${message}`,
      code: 'value_refused',
    });
  });

  it('maps PostgreSQL unique and foreign-key violations to 409 with their codes', () => {
    const dup = Object.assign(pgError('23505', 'duplicate key'), { detail: 'Key (email)=(a@b.c) already exists.' });
    expect(toErrorBody(dup, logger)).toEqual({
      statusCode: 409,
      error: 'Conflict',
      message: 'Already exists: Key (email)=(a@b.c) already exists.',
      code: 'already_exists',
    });
    expect(toErrorBody(pgError('23503', 'violates foreign key'), logger)).toMatchObject({
      statusCode: 409,
      code: 'still_referenced',
    });
  });

  it("answers Express's undecodable path params with their 400", () => {
    const err = Object.assign(new URIError("Failed to decode param '%ED%A0%80'"), { status: 400, statusCode: 400 });
    expect(toErrorBody(err, logger)).toMatchObject({
      statusCode: 400,
      message: "Failed to decode param '%ED%A0%80'",
      code: 'bad_input',
    });
  });
});
