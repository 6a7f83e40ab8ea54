import { ValidationPipe } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../test/seeded-random.js';
import { VALIDATION_OPTIONS } from '../common/input-text.js';
import { acceptAuthorizeCall, acceptAuthorizeQuery } from './authorize-input.js';
import { AuthorizeCallDto, AuthorizeQueryDto } from './enforcement.dto.js';

// The global pipe's class-validator options (app.module.ts): the oracle the hand-written check must agree with.
const oracle = new ValidationPipe(VALIDATION_OPTIONS);

async function classValidator(value: unknown, metatype: new () => object): Promise<object | 'refused'> {
  try {
    return (await oracle.transform(value, { type: 'body', metatype })) as object;
  } catch {
    return 'refused';
  }
}

const IPS = [
  '203.0.113.77',
  '0.0.0.0',
  '255.255.255.255',
  '2001:db8::1',
  '::ffff:203.0.113.7',
  'fe80::1%eth0',
  '::',
  '1.2.3',
  '256.1.1.1',
  '01.2.3.4',
  ' 1.2.3.4',
  '1.2.3.4 ',
  '1.2.3.4/32',
  '2001:db8::g',
  '',
];
const text = (n: number, unit = 'x') => unit.repeat(n);
const STRINGS = [
  '',
  'HARB009',
  '+5355550100',
  '011 53 5 555 0100',
  text(1),
  text(63),
  text(64),
  text(65),
  text(255),
  text(256),
  text(257),
  text(64, '😀'), // 64 characters, 128 UTF-16 units: class-validator counts characters
  text(65, '😀'),
  text(32, 'é'),
  // class-validator counts an emoji with its variation selector as one, and a pair and a selector can share a unit
  '\uFE0F',
  '😀',
  '😀\uFE0F',
  text(64, 'a\uFE0F'),
  text(65, 'a\uFE0F'),
  text(43, '😀\uFE0F'),
  text(128, '\uFE0F'),
];
const OTHERS = [undefined, null, 0, 42, true, false, [], ['+1'], {}, { a: 1 }];
// No prototype keys (`constructor`, `__proto__`): the JSON body check refuses them before any pipe runs.
const KEYS = ['accountCode', 'sourceIp', 'caller', 'callee', 'format', 'extra', 'callerId'];

function anyValue(rand: () => number): unknown {
  const r = rand();
  const pool = r < 0.4 ? IPS : r < 0.85 ? STRINGS : OTHERS;
  return pool[Math.floor(rand() * pool.length)];
}

function callInput(rand: () => number): unknown {
  if (rand() < 0.03) return anyValue(rand); // not even an object
  const out: Record<string, unknown> = {};
  // Mostly well-formed calls, so that acceptance is exercised as much as refusal.
  if (rand() < 0.9) out.sourceIp = rand() < 0.7 ? IPS[Math.floor(rand() * 7)] : anyValue(rand);
  if (rand() < 0.9) out.callee = rand() < 0.7 ? STRINGS[1 + Math.floor(rand() * 6)] : anyValue(rand);
  if (rand() < 0.5) out.accountCode = anyValue(rand);
  if (rand() < 0.5) out.caller = anyValue(rand);
  if (rand() < 0.1) out[KEYS[4 + Math.floor(rand() * 3)]] = anyValue(rand);
  return out;
}

describe('the authorize input, checked by hand for the hot path', () => {
  it('accepts exactly what class-validator accepts, as the same instance (3,000 random and hostile calls)', async () => {
    const rand = mulberry32(20_261_127);
    let accepted = 0;
    for (let k = 0; k < 3000; k++) {
      const input = callInput(rand);
      const fast = acceptAuthorizeCall(structuredClone(input));
      const slow = await classValidator(structuredClone(input), AuthorizeCallDto);
      const context = `case ${k}: ${JSON.stringify(input)}`;
      if (fast === null) {
        // Refused here: class-validator answers it (its 400), and must not have been able to accept it either.
        expect(slow, context).toBe('refused');
      } else {
        accepted++;
        expect(fast, context).toBeInstanceOf(AuthorizeCallDto);
        expect(fast, context).toEqual(slow);
      }
    }
    expect(accepted).toBeGreaterThan(500);
  });

  it('takes the query format the same way', async () => {
    const inputs = [
      {},
      { format: 'json' },
      { format: 'sip' },
      { format: null },
      { format: '' },
      { format: 'SIP' },
      { format: ['sip'] },
      { format: 'sip', kind: 'ip' },
      Object.assign(Object.create(null), { format: 'sip' }),
    ];
    for (const input of inputs) {
      const fast = acceptAuthorizeQuery(input);
      const slow = await classValidator(input, AuthorizeQueryDto);
      if (fast === null) expect(slow, JSON.stringify(input)).toBe('refused');
      else expect({ ...fast }, JSON.stringify(input)).toEqual({ ...(slow as object) });
    }
    expect(acceptAuthorizeQuery({ format: 'sip' })).toEqual(Object.assign(new AuthorizeQueryDto(), { format: 'sip' }));
  });
});
