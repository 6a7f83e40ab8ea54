import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsBoolean,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  registerDecorator,
  type ValidationArguments,
} from 'class-validator';
import type { EntityManager } from 'typeorm';
import { foldAccountCode } from '../common/account-code.js';
import { badInput, forbidden } from '../common/app-error.js';
import { RestrictionErrorCode } from '../common/error-codes.js';
import { withErrorCode } from '../common/input-text.js';
import { parseCidr } from '../common/ip.js';
import {
  broaderThanAllowed,
  type CoveredCustomer,
  type IpRestrictionLimits,
  ipRestrictionScopes,
} from './ip-restriction-scope.js';
import {
  DESTINATION_CLASSES,
  RESTRICTION_KINDS,
  type RestrictionKind,
  type RestrictionSpec,
} from './restriction-kinds.js';

/** A destination restriction is an E.164 prefix: `+` and 1–15 digits, no leading zero. */
export const E164_PREFIX = /^\+[1-9][0-9]{0,14}$/;

/** The value's shape for its kind; existence (seat, group, account) is checked against the customer later. */
export function shapeProblem(kind: unknown, value: string): string | null {
  switch (kind as RestrictionKind) {
    case 'ip':
      return parseCidr(value) ? null : 'is not an IP address or CIDR (host bits must be zero)';
    case 'destination':
      return E164_PREFIX.test(value.trim()) ? null : 'is not an E.164 prefix such as +5321 (a + and 1-15 digits)';
    case 'destination_class':
      return (DESTINATION_CLASSES as readonly string[]).includes(value.trim())
        ? null
        : `is not a destination class (${DESTINATION_CLASSES.join(', ')})`;
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
        ...withErrorCode(RestrictionErrorCode.ValueInvalid),
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
      'ip: IP or CIDR; seat: the seat userId; group: the group externalId; destination: E.164 prefix with +; destination_class: international, caribbean or premium; account: the account code',
    example: '203.0.113.77',
  })
  @IsString()
  @MaxLength(200)
  @IsRestrictionValue()
  value: string;

  @ApiPropertyOptional({
    description:
      "Why; required for an ip restriction that covers addresses of other customers or outside the ticket customer's inventory",
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(2_000)
  reason?: string;

  @ApiPropertyOptional({
    description: 'ip only, admin only: confirms a range broader than RESTRICTION_MIN_PREFIX_V4 / _V6',
  })
  @IsOptional()
  @IsBoolean()
  confirmBroad?: boolean;

  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'When the restriction ends by itself (a timer lifts it). RESTRICT again with the same kind and value and no expiresAt makes it permanent',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'expiresAt must be an ISO 8601 date-time' })
  expiresAt?: string;
}

/** A restriction as a client names it (kind, value) with the IP-scope fields. */
export interface RestrictionInput extends RestrictionSpec {
  reason?: string | null;
  confirmBroad?: boolean;
  /** ISO time the restriction ends by itself; absent: permanent. */
  expiresAt?: string | null;
}

/** A restriction checked against the inventory, in canonical form, with what is stored beside it. */
export interface CanonicalRestriction extends RestrictionSpec {
  reason: string | null;
  covers: CoveredCustomer[];
  expiresAt: string | null;
}

/** Who places the restrictions, and the limits on IP ranges. */
export interface RestrictionPolicy extends IpRestrictionLimits {
  /** The placer's role: only an admin may confirm a broad IP range. */
  actorRole: string;
  /** The reason of an IP restriction that needs one and names none (a detected event's summary). */
  defaultReason?: string;
  /** Now: an expiry must be after it. */
  now?: Date;
}

export const restrictionKey = (r: RestrictionSpec) => `${r.kind}\n${r.value}`;

/**
 * Checks restriction values against the customer's inventory and returns them in canonical
 * form (CIDR text, the seat's stored userId, ...), or throws 400 naming every bad field.
 */
export async function canonicalRestrictions(
  m: EntityManager,
  customerId: string,
  list: readonly RestrictionInput[],
  policy: RestrictionPolicy,
  field = 'restrictions',
): Promise<CanonicalRestriction[]> {
  if (list.some((r) => r.confirmBroad) && policy.actorRole !== 'admin') {
    throw forbidden(
      'Only an admin may confirm a broad IP restriction (confirmBroad)',
      RestrictionErrorCode.ConfirmBroadForbidden,
    );
  }
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
  let broadProblems = 0;
  const out = list.map((r, i): RestrictionSpec => {
    const at = `${field}.${i}.value`;
    const value = r.value.trim();
    const shape = shapeProblem(r.kind, value);
    if (shape) problems.push(`${at} "${value}" ${shape}`);
    if (r.confirmBroad && r.kind !== 'ip') problems.push(`${field}.${i}.confirmBroad applies to ip restrictions only`);
    if (r.expiresAt && policy.now && !(Date.parse(r.expiresAt) > policy.now.getTime())) {
      problems.push(`${field}.${i}.expiresAt ${r.expiresAt} is not in the future`);
    }
    switch (r.kind) {
      case 'ip': {
        const cidr = parseCidr(value);
        const broad = cidr && broaderThanAllowed(cidr, policy);
        if (broad && !r.confirmBroad) {
          broadProblems++;
          problems.push(
            `${at} "${cidr.text}" is broader than /${broad.min}, the shortest IPv${cidr.version} prefix allowed (${broad.variable}); an admin may confirm it with confirmBroad: true`,
          );
        }
        return { kind: r.kind, value: cidr?.text ?? value };
      }
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
      case 'destination_class':
        return { kind: r.kind, value };
    }
  });
  if (problems.length) {
    const code = broadProblems === problems.length ? RestrictionErrorCode.TooBroad : RestrictionErrorCode.ValueInvalid;
    throw badInput(problems, code);
  }

  const ipAt = out.flatMap((r, i) => (r.kind === 'ip' ? [i] : []));
  const scopes = await ipRestrictionScopes(
    m,
    { id: customerId, accountCode: customer?.account_code ?? '' },
    ipAt.map((i) => parseCidr(out[i].value)!),
  );
  const canonical = out.map((r, i): CanonicalRestriction => ({
    ...r,
    reason: list[i].reason?.trim() || null,
    covers: [],
    expiresAt: list[i].expiresAt ? new Date(list[i].expiresAt!).toISOString() : null,
  }));
  ipAt.forEach((i, k) => {
    const { covers, reachesBeyond } = scopes[k];
    canonical[i].covers = covers;
    if (!reachesBeyond || canonical[i].reason) return;
    if (policy.defaultReason) canonical[i].reason = policy.defaultReason;
    else problems.push(`${field}.${i}.reason is required: ${canonical[i].value} ${reachesBeyond}`);
  });
  if (problems.length) throw badInput(problems, RestrictionErrorCode.ReasonRequired);
  return canonical;
}
