// Per-CDR enrichment on the ingest path: numbers, geography, jurisdiction, cost.
import type { ParsedCdr } from '../parsing/cdr-record.js';
import { countryOf } from '../../common/phone/countries.js';
import { type Jurisdiction, jurisdictionOf } from './jurisdiction.js';
import { isCaribbeanNanp, isTollFree, nanpRegionOf } from '../../common/phone/nanp-npa.js';
import { isExtension, normalizeNumber } from '../../common/phone/phone-number.js';
import { type RateDeck, costFor } from './rate-deck.js';

export interface EnrichContext {
  /** Customer's home state / province: the caller's state when the caller number has none. */
  customerState?: string | null;
  /** Customer's home country (ISO alpha-2), else the deployment's (CDR_HOME_COUNTRY), default US. */
  customerCountry?: string | null;
  rateDeck?: RateDeck | null;
}

export interface CdrEnrichment {
  calledE164: string | null;
  callerE164: string | null;
  /** ISO 3166 alpha-2 of the called number. */
  country: string | null;
  /** State / province of the called number (NANP only). */
  state: string | null;
  jurisdiction: Jurisdiction;
  caribbean: boolean;
  tollFree: boolean;
  /** The rate applied: the CDR's own, else the rate deck's. */
  ratePerMinute: number | null;
  /** The CDR's own cost, else its rate × billsec, else the rate deck's, else null. */
  cost: number | null;
}

type EnrichableCdr = Pick<ParsedCdr, 'callerNumber' | 'calledNumber' | 'billsec' | 'ratePerMinute' | 'cost'>;

export function enrichCdr(cdr: EnrichableCdr, ctx: EnrichContext = {}): CdrEnrichment {
  const homeCountry = ctx.customerCountry ?? undefined;
  const calledE164 = normalizeNumber(cdr.calledNumber, { homeCountry });
  const callerE164 = normalizeNumber(cdr.callerNumber, { homeCountry });
  const ratePerMinute = cdr.ratePerMinute ?? ctx.rateDeck?.lookup(calledE164)?.ratePerMinute ?? null;
  return {
    calledE164,
    callerE164,
    country: countryOf(calledE164),
    state: nanpRegionOf(calledE164)?.state ?? null,
    jurisdiction: jurisdictionOf({
      callerE164,
      calledE164,
      calledIsExtension: calledE164 === null && isExtension(cdr.calledNumber),
      customerState: ctx.customerState,
      customerCountry: ctx.customerCountry,
    }),
    caribbean: isCaribbeanNanp(calledE164),
    tollFree: isTollFree(calledE164),
    ratePerMinute,
    cost: cdr.cost ?? (ratePerMinute === null ? null : costFor(ratePerMinute, cdr.billsec)),
  };
}
