import { Logger } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { toErrorBody } from './error.filter.js';

const logger = new Logger('test');
logger.warn = () => {};
logger.error = () => {};
const pgError = (code: string, message: string) => Object.assign(new Error(message), { code });

describe(toErrorBody.name, () => {
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
    });
  });

  it('keeps unknown failures a logged 500', () => {
    expect(toErrorBody(pgError('53100', 'disk full'), logger).statusCode).toBe(500);
    expect(toErrorBody(new RangeError('Maximum call stack size exceeded'), logger).statusCode).toBe(500);
  });

  it("answers Express's undecodable path params with their 400", () => {
    const err = Object.assign(new URIError("Failed to decode param '%ED%A0%80'"), { status: 400, statusCode: 400 });
    expect(toErrorBody(err, logger)).toMatchObject({ statusCode: 400, message: "Failed to decode param '%ED%A0%80'" });
  });
});
