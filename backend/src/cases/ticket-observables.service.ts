import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { seatNames } from '../customers/customer-match-rows.js';
import { formatTicketNumber } from '../tickets/case-kinds.js';
import { ticketHeads, ticketsWithExternalRefs } from '../tickets/ticket-read-rows.js';
import { loadTicket } from '../tickets/ticket-rows.js';
import { callingCodeOf } from '../common/phone/countries.js';
import type { RestrictionSpec } from '../restrictions/restriction-kinds.js';
import { eventFacts, eventObservations, ticketsNaming, ticketsOfRules } from './event-rows.js';
import { DETAIL_KEYS, type ObservableKind, observablesOf, observableTag } from './observables.js';

/** How many other cases each observable links to: the latest ones; `moreTickets` says when there are more. */
const OTHER_CASES = 10;

/**
 * The case's observables (what its events name) and, for each, the other cases it appears in, any customer's:
 * the NOC sees that the IP hitting this customer hit two others last week.
 */
@Injectable()
export class TicketObservablesService {
  constructor(private readonly db: DataSource) {}

  async observables(ticketId: string, p: Principal) {
    await loadTicket(this.db.manager, ticketId, p);
    const [head] = await ticketHeads(this.db, [ticketId]);
    const found = observablesOf(await eventObservations(this.db, ticketId), head.externalRefs);

    const seats = await seatNames(
      this.db,
      head.customerId,
      found.filter((o) => o.kind === 'seat').map((o) => o.value),
    );
    const valuesOf = (kind: ObservableKind) => found.filter((o) => o.kind === kind).map((o) => o.value);
    const query = { exceptTicketId: ticketId, perValue: OTHER_CASES + 1 };
    const links = (
      await Promise.all([
        ticketsNaming(this.db, {
          tags: found.filter((o) => o.kind in DETAIL_KEYS).map((o) => observableTag(o.kind, o.value)),
          ...query,
        }).then((r) =>
          r.map((l) => {
            const colon = l.tag.indexOf(':');
            return {
              kind: l.tag.slice(0, colon) as ObservableKind,
              value: l.tag.slice(colon + 1),
              ticketId: l.ticketId,
            };
          }),
        ),
        ticketsOfRules(this.db, { ruleIds: valuesOf('rule'), ...query }).then((r) =>
          r.map((l) => ({ ...l, kind: 'rule' as ObservableKind })),
        ),
        ticketsWithExternalRefs(this.db, { refs: valuesOf('carrier_ref'), ...query }).then((r) =>
          r.map((l) => ({ ...l, kind: 'carrier_ref' as ObservableKind })),
        ),
      ])
    ).flat();
    const heads = new Map(
      (await ticketHeads(this.db, [...new Set(links.map((l) => l.ticketId))])).map((h) => [h.id, h]),
    );

    const items = found.map((o) => {
      const others = links
        .filter((l) => l.kind === o.kind && l.value === o.value)
        .map((l) => heads.get(l.ticketId)!)
        .sort((a, b) => b.openedAt.getTime() - a.openedAt.getTime());
      const seatName = o.kind === 'seat' ? seats.get(o.value) : undefined;
      return {
        kind: o.kind,
        value: o.value,
        label: seatName ? `${seatName} (${o.value})` : o.label,
        otherTickets: others.slice(0, OTHER_CASES).map((h) => ({
          id: h.id,
          number: formatTicketNumber(h.number),
          state: h.state,
          openedAt: h.openedAt,
          customerName: h.customerName,
          accountCode: h.accountCode,
        })),
        moreTickets: others.length > OTHER_CASES,
      };
    });
    return { items, suggestedRestrictions: await this.suggestions(ticketId, found) };
  }

  /**
   * Where the restrict dialog starts: the restrictions the case's events named (a block event's), or else the seat,
   * the source IP or the destination's calling code they name, the first of these there is.
   */
  private async suggestions(ticketId: string, found: { kind: ObservableKind; value: string }[]) {
    const { named } = await eventFacts(this.db.manager, ticketId);
    const unique = new Map(named.map((r) => [`${r.kind}\n${r.value}`, { kind: r.kind, value: r.value }]));
    if (unique.size) return [...unique.values()].slice(0, 5);
    for (const kind of ['seat', 'ip', 'destination'] as const) {
      const o = found.find((x) => x.kind === kind);
      if (!o) continue;
      if (kind !== 'destination') return [{ kind, value: o.value }];
      const code = callingCodeOf(o.value);
      if (code) return [{ kind, value: `+${code}` }] satisfies RestrictionSpec[];
    }
    return [];
  }
}
