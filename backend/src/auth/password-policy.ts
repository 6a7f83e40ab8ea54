import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { translations } from '@zxcvbn-ts/language-en';
import { registerDecorator, type ValidationArguments } from 'class-validator';
import { AuthErrorCode } from '../common/error-codes.js';
import { withErrorCode } from '../common/input-text.js';

export const MIN_PASSWORD_LENGTH = 12;
/** Options for a password's other rules (its length), so that their 400 is `weak_password` too. */
export const WEAK_PASSWORD = withErrorCode(AuthErrorCode.WeakPassword);
/** zxcvbn's 0–4 scale: 3 is "safely unguessable" (about 10^8 guesses or more). */
const MIN_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;

// Built on first use: it indexes ~30 k common passwords. Only the first 64 characters are scored and
// l33t substitutions are capped, because the full search on long random input takes seconds.
function zxcvbn(): ZxcvbnFactory {
  estimator ??= new ZxcvbnFactory({
    dictionary,
    graphs: adjacencyGraphs,
    translations,
    maxLength: 64,
    l33tMaxSubstitutions: 8,
  });
  return estimator;
}

/**
 * Why a password would be easy to guess (a common password, a repeat, a keyboard row, the user's own
 * email…), in zxcvbn's words; null when it is long enough and scores at least 3.
 */
export function passwordWeakness(password: string, userInputs: string[] = []): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `must be at least ${MIN_PASSWORD_LENGTH} characters`;
  const { score, feedback } = zxcvbn().check(password, ['tollgate', ...userInputs.filter(Boolean)]);
  if (score >= MIN_SCORE) return null;
  const why = [feedback.warning, ...feedback.suggestions].filter(Boolean).join(' ');
  return `is too easy to guess: ${why || 'add more words that are less common.'}`;
}

/** class-validator: the password must pass `passwordWeakness`; the user's email and name count as easy guesses. */
export function IsHardToGuess(): PropertyDecorator {
  const weakness = (args?: ValidationArguments) => {
    const o = (args?.object ?? {}) as { email?: unknown; name?: unknown };
    const inputs = [o.email, o.name].filter((v): v is string => typeof v === 'string');
    return passwordWeakness(String(args?.value), inputs);
  };
  return (target, propertyName) =>
    registerDecorator({
      name: 'isHardToGuess',
      target: target.constructor,
      propertyName: propertyName as string,
      options: WEAK_PASSWORD,
      validator: {
        // Length has its own rule and message (@MinLength).
        validate: (value: unknown, args) =>
          typeof value !== 'string' || value.length < MIN_PASSWORD_LENGTH || weakness(args) === null,
        defaultMessage: (args) => `${args?.property ?? 'password'} ${weakness(args)}`,
      },
    });
}
