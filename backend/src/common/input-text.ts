import {
  type ArgumentMetadata,
  HttpException,
  ValidationPipe,
  type ValidationError,
  type ValidationPipeOptions,
} from '@nestjs/common';
import { AppError, badInput } from './app-error.js';
import { CommonErrorCode, type ErrorCode } from './error-codes.js';

// PostgreSQL text cannot hold U+0000, and an unpaired UTF-16 surrogate is not a character at all
// (it cannot be written as UTF-8): both made the database fail the query, a 500. One check on every
// parsed input names the field instead.

const SUSPECT = /[\0\ud800-\udfff]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const MAX_PROBLEMS = 20;
const MAX_DEPTH = 64;

function problemOf(s: string): string | null {
  if (!SUSPECT.test(s)) return null; // the rule: one regex test per string
  if (s.includes('\0')) return 'must not contain a NUL character (U+0000)';
  if (LONE_SURROGATE.test(s)) return 'must not contain an unpaired UTF-16 surrogate (not a character)';
  return null;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/** Every string (and object key) in `value` that PostgreSQL cannot store as text, as 400 messages naming its path. */
export function textProblems(value: unknown, path: string, out: string[] = [], depth = 0): string[] {
  if (out.length >= MAX_PROBLEMS) return out;
  if (typeof value === 'string') {
    const p = problemOf(value);
    if (p) out.push(`${path || 'value'} ${p}`);
  } else if (value !== null && typeof value === 'object') {
    if (depth > MAX_DEPTH) {
      out.push(`${path || 'value'} is nested deeper than ${MAX_DEPTH} levels`);
    } else if (Array.isArray(value)) {
      for (let i = 0; i < value.length && out.length < MAX_PROBLEMS; i++) {
        textProblems(value[i], join(path, String(i)), out, depth + 1);
      }
    } else {
      for (const key of Object.keys(value)) {
        const p = problemOf(key);
        if (p) out.push(`${path ? `a key of ${path}` : 'a key'} (${JSON.stringify(key)}) ${p}`);
        else textProblems((value as Record<string, unknown>)[key], join(path, key), out, depth + 1);
      }
    }
  }
  return out;
}

/**
 * A hand-written check of one DTO for a measured hot path (the switch's authorize call): it answers the input
 * class-validator would accept, as the instance the pipe would build, or null for anything else, which then goes
 * through class-validator for its usual 400. `fast-validators.spec.ts` holds each one against class-validator.
 */
export type FastValidator = (value: unknown) => object | null;

const FAST_VALIDATORS = new Map<unknown, FastValidator>();

export function registerFastValidator(metatype: new () => object, accept: FastValidator): void {
  FAST_VALIDATORS.set(metatype, accept);
}

/** The global pipe's options (`app.module.ts`); the authorize lane builds its pipe with the same. */
export const VALIDATION_OPTIONS: ValidationPipeOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  validationError: { target: false, value: false },
};

/** The global ValidationPipe, preceded by the text rule for body, query and path params. */
export class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    return this.quick(value, metadata) ?? super.transform(value, metadata);
  }

  /**
   * The synchronous part: throws the text rule's 400, answers what a fast validator accepts, and null when
   * class-validator must decide (`transform`). The authorize lane calls it without a promise per request.
   */
  quick(value: unknown, metadata: ArgumentMetadata): object | null {
    if (metadata.type === 'custom') return null;
    const problems = textProblems(value, metadata.data ?? '');
    if (problems.length) throw badInput(problems, CommonErrorCode.TextInvalid);
    return FAST_VALIDATORS.get(metadata.metatype)?.(value) ?? null;
  }

  /** Nest's 400 with every field's message, as `validation_failed` or the one code all failed rules carry. */
  override createExceptionFactory() {
    const nest = super.createExceptionFactory();
    return (errors: ValidationError[] = []) => {
      const refused = nest(errors);
      if (!(refused instanceof HttpException)) return refused;
      const { message } = refused.getResponse() as { message: string | string[] };
      return new AppError(codeOfRules(errors), message);
    };
  }
}

/** class-validator options that give a rule's failure its own code: `@MinLength(12, withErrorCode(…))`. */
export const withErrorCode = (code: ErrorCode) => ({ context: { errorCode: code } });

/** The code every failed rule names through `withErrorCode`, when they all name the same one. */
function codeOfRules(errors: ValidationError[]): ErrorCode {
  const codes = new Set<unknown>();
  const visit = (list: ValidationError[]) => {
    for (const e of list) {
      for (const rule of Object.keys(e.constraints ?? {})) codes.add(e.contexts?.[rule]?.errorCode);
      visit(e.children ?? []);
    }
  };
  visit(errors);
  const [only] = codes;
  return codes.size === 1 && only ? (only as ErrorCode) : CommonErrorCode.ValidationFailed;
}
