import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { parseCidr } from '../common/ip.js';
import { callingCodeOf, countryName, countryOf } from '../common/phone/countries.js';
import { registeredAddressesIn } from '../customers/customer-ip-rows.js';
import { groupsOfCustomer, seatsOfCustomer } from '../customers/customer-match-rows.js';
import type { RestrictionSpec } from '../restrictions/restriction-kinds.js';
import { shapeProblem } from '../restrictions/restriction-values.js';
import { ticketHeads } from './ticket-read-rows.js';
import { loadTicket } from './ticket-rows.js';

export interface RestrictionPreview extends RestrictionSpec {
  /** What the switch will refuse, in the NOC's words. */
  blocks: string;
  /** Why it would be refused or is risky (another customer's addresses), or null. */
  warning: string | null;
}

const CLASS_WORDS: Record<string, string> = {
  international: 'every call outside the US, Canada and the Caribbean',
  caribbean: 'every call to the Caribbean NANP (non-US +1)',
  premium: "every call above the customer's price cap",
};

const count = (n: bigint | number) => n.toLocaleString('en-US');
const plural = (n: bigint | number, word: string) => `${count(n)} ${word}${n === 1 || n === 1n ? '' : 'es'}`;

/** What each restriction a technician is about to place will block, before it is placed. */
@Injectable()
export class RestrictionPreviewService {
  constructor(private readonly db: DataSource) {}

  async preview(
    ticketId: string,
    list: readonly RestrictionSpec[],
    p: Principal,
  ): Promise<{ items: RestrictionPreview[] }> {
    await loadTicket(this.db.manager, ticketId, p);
    const [head] = await ticketHeads(this.db, [ticketId]);
    const code = head.accountCode;
    const values = (kind: string) => list.filter((r) => r.kind === kind).map((r) => r.value.trim());
    const cidrs = list.map((r) => (r.kind === 'ip' ? parseCidr(r.value) : null));
    const [seats, groups, registered] = await Promise.all([
      seatsOfCustomer(this.db, head.customerId, values('seat')),
      groupsOfCustomer(this.db, head.customerId, values('group')),
      registeredAddressesIn(
        this.db,
        cidrs.filter((c) => c !== null).map((c) => c.text),
      ),
    ]);
    let ipIndex = 0;
    const items = list.map((r, i): RestrictionPreview => {
      const value = r.value.trim();
      const shape = shapeProblem(r.kind, value);
      if (shape) return { kind: r.kind, value, blocks: '', warning: `"${value}" ${shape}` };
      switch (r.kind) {
        case 'ip': {
          const cidr = cidrs[i]!;
          const n = ++ipIndex;
          const size = 2n ** BigInt((cidr.version === 4 ? 32 : 128) - cidr.prefix);
          const owners = registered.filter((x) => x.n === n);
          const whose = owners.length
            ? owners.map((o) => `${count(BigInt(o.addresses))} of them registered to ${o.accountCode}`).join(', ')
            : 'none of them registered to a customer';
          const others = owners.filter((o) => o.accountCode !== code);
          return {
            kind: r.kind,
            value: cidr.text,
            blocks: `IP ${cidr.text}: ${plural(size, 'address')}, ${whose}; calls from them are refused for every customer`,
            warning: others.length
              ? `Also stops ${others.map((o) => `${o.accountCode} (${o.name})`).join(', ')}: give a reason`
              : null,
          };
        }
        case 'seat': {
          const seat = seats.find((s) => s.userId.toLowerCase() === value.toLowerCase());
          if (!seat) return { kind: r.kind, value, blocks: '', warning: `"${value}" is not a seat of ${code}` };
          const where = [seat.extension ? `extension ${seat.extension}` : null, seat.groupName].filter(Boolean);
          return {
            kind: r.kind,
            value: seat.userId,
            blocks: `Seat ${seat.name} (${seat.userId}${where.length ? `, ${where.join(', ')}` : ''}) of ${code}: its calls are refused`,
            warning: null,
          };
        }
        case 'group': {
          const group = groups.find((g) => g.externalId.toLowerCase() === value.toLowerCase());
          if (!group) return { kind: r.kind, value, blocks: '', warning: `"${value}" is not a group of ${code}` };
          return {
            kind: r.kind,
            value: group.externalId,
            blocks: `Group ${group.name} (${group.externalId}) of ${code}: calls from its ${count(group.seats)} seat${group.seats === 1 ? '' : 's'} are refused`,
            warning: null,
          };
        }
        case 'destination': {
          const country = value === '+1' ? null : countryOf(value);
          const where = value === '+1' ? 'the US, Canada and the Caribbean' : country ? countryName(country) : null;
          return {
            kind: r.kind,
            value,
            blocks: `All calls from ${code} to ${value}${where ? ` (${where})` : ''}`,
            warning:
              callingCodeOf(value) === value.slice(1) ? 'A whole calling code: every number in it is refused' : null,
          };
        }
        case 'destination_class':
          return {
            kind: r.kind,
            value,
            blocks: `${CLASS_WORDS[value]} from ${code}`.replace(/^./, (c) => c.toUpperCase()),
            warning: null,
          };
        case 'account':
          return value.toLowerCase() === code.toLowerCase()
            ? {
                kind: r.kind,
                value: code,
                blocks: `Every call of ${code} (${head.customerName}): the whole account`,
                warning: null,
              }
            : { kind: r.kind, value, blocks: '', warning: `"${value}" is not this customer's account code (${code})` };
      }
    });
    return { items };
  }
}
