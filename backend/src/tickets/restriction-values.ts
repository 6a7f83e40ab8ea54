import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, MaxLength, registerDecorator, type ValidationArguments } from 'class-validator';
import type { EntityManager } from 'typeorm';
import { foldAccountCode } from '../common/account-code.js';
import { badInput } from '../common/app-error.js';
import { parseCidr } from '../common/ip.js';
import { RESTRICTION_KINDS, type RestrictionKind, type RestrictionSpec } from './ticket-machine.types.js';

/** A destination restriction is an E.164 prefix: `+` and 1–15 digits, no leading zero. */
export const E164_PREFIX = /^\+[1-9][0-9]{0,14}$/;

/** The value's shape for its kind; existence (seat, group, account) is checked against the customer later. */
function shapeProblem(kind: unknown, value: string): string | null {
  switch (kind as RestrictionKind) {
    case 'ip':
      return parseCidr(value) ? null : 'is not an IP address or CIDR (host bits must be zero)';
    case 'destination':
      return E164_PREFIX.test(value.trim()) ? null : 'is not an E.164 prefix such as +5321 (a + and 1-15 digits)';
    case 'seat':
    case 'group':
    case 'account':
      return value.trim() ? null : 'must not be empty';
    default:
      return null; // the kind's own validator reports it
  }
}

function IsRestrictionValue() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isRestrictionValue',
      target: object.constructor,
      propertyName,
      options: {
        message: (a: ValidationArguments) =>
          `${a.property} "${a.value}" ${shapeProblem((a.object as RestrictionDto).kind, String(a.value))}`,
      },
      validator: {
        validate: (v: unknown, a: ValidationArguments) =>
          typeof v === 'string' && shapeProblem((a.object as RestrictionDto).kind, v) === null,
      },
    });
}

export class RestrictionDto {
  @ApiProperty({ enum: RESTRICTION_KINDS })
  @IsIn(RESTRICTION_KINDS, { message: `kind must be one of ${RESTRICTION_KINDS.join(', ')}` })
  kind: RestrictionKind;

  @ApiProperty({
    description:
      'ip: IP or CIDR; seat: the seat userId; group: the group externalId; destination: E.164 prefix with +; account: the account code',
    example: '203.0.113.77',
  })
  @IsString()
  @MaxLength(200)
  @IsRestrictionValue()
  value: string;
}

/**
 * Checks restriction values against the customer's inventory and returns them in canonical
 * form (CIDR text, the seat's stored userId, ...), or throws 400 naming every bad field.
 */
export async function canonicalRestrictions(
  m: EntityManager,
  customerId: string,
  list: readonly { kind: RestrictionKind; value: string }[],
  field = 'restrictions',
): Promise<RestrictionSpec[]> {
  const [customer] = await m.query(`SELECT account_code FROM customers WHERE id = $1`, [customerId]);
  const seatIds = list.filter((r) => r.kind === 'seat').map((r) => r.value.trim().toLowerCase());
  const groupIds = list.filter((r) => r.kind === 'group').map((r) => r.value.trim().toLowerCase());
  const seats: { user_id: string }[] = seatIds.length
    ? await m.query(`SELECT user_id FROM seats WHERE customer_id = $1 AND lower(user_id) = ANY($2)`, [
        customerId,
        seatIds,
      ])
    : [];
  const groups: { external_id: string }[] = groupIds.length
    ? await m.query(`SELECT external_id FROM customer_groups WHERE customer_id = $1 AND lower(external_id) = ANY($2)`, [
        customerId,
        groupIds,
      ])
    : [];
  const seatByKey = new Map(seats.map((s) => [s.user_id.toLowerCase(), s.user_id]));
  const groupByKey = new Map(groups.map((g) => [g.external_id.toLowerCase(), g.external_id]));

  const problems: string[] = [];
  const out = list.map((r, i): RestrictionSpec => {
    const at = `${field}.${i}.value`;
    const value = r.value.trim();
    const shape = shapeProblem(r.kind, value);
    if (shape) problems.push(`${at} "${value}" ${shape}`);
    switch (r.kind) {
      case 'ip':
        return { kind: r.kind, value: parseCidr(value)?.text ?? value };
      case 'seat': {
        const found = seatByKey.get(value.toLowerCase());
        if (!found) problems.push(`${at} "${value}" is not a seat userId of this customer`);
        return { kind: r.kind, value: found ?? value };
      }
      case 'group': {
        const found = groupByKey.get(value.toLowerCase());
        if (!found) problems.push(`${at} "${value}" is not a group externalId of this customer`);
        return { kind: r.kind, value: found ?? value };
      }
      case 'account':
        if (!customer || foldAccountCode(value) !== foldAccountCode(customer.account_code)) {
          problems.push(`${at} "${value}" is not this customer's account code`);
        }
        return { kind: r.kind, value: customer?.account_code ?? value };
      case 'destination':
        return { kind: r.kind, value };
    }
  });
  if (problems.length) throw badInput(problems);
  return out;
}
