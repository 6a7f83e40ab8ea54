import { isProbeDial } from '../../common/phone/dialled.js';
import type { CdrEnrichment } from '../enrichment/enrich.js';
import type { ParsedCdr } from '../parsing/cdr-record.js';

/** An id column's "no value" (no customer, no seat, …). */
export const NONE = -1;

/** Bits of `CdrBatch.flags`. */
export const CARIBBEAN = 1;
export const INTERNATIONAL = 2;
export const TOLL_FREE = 4;
/** Dialled with the international prefix (011/00) and no country: a probe (`common/phone/dialled.ts`). */
export const PROBE = 8;

/**
 * The rows one batch newly stored, as columns: row `i` is `customer[i]`, `seat[i]`, … Id columns index the
 * batch's own dictionaries (`customers[customer[i]]` is a customer id) or hold NONE. Every column has exactly
 * `length` entries. A dictionary may list a value no row uses when the batch held duplicates.
 */
export interface CdrBatch {
  readonly importId: string;
  readonly length: number;

  readonly customers: readonly string[];
  readonly seats: readonly string[];
  readonly groups: readonly string[];
  readonly sourceIps: readonly string[];
  /** ISO 3166 alpha-2 codes. */
  readonly countries: readonly string[];
  readonly dispositions: readonly string[];

  /** The CDRs' own call ids (the strings the parser read), to cite them as evidence. */
  readonly callId: readonly string[];
  readonly customer: Int32Array;
  readonly seat: Int32Array;
  /** The seat's group; NONE without a seat or when the seat has no group. */
  readonly group: Int32Array;
  readonly sourceIp: Int32Array;
  /** The called number's country. */
  readonly country: Int32Array;
  /** Never NONE. */
  readonly disposition: Int32Array;
  /** The stored `called_e164` strings themselves (nearly one per row: not worth a dictionary). */
  readonly calledE164: readonly (string | null)[];
  /** CARIBBEAN | INTERNATIONAL | TOLL_FREE | PROBE, of the called number. */
  readonly flags: Uint8Array;
  /** 100–699, or 0 when the CDR has none. */
  readonly sipCode: Uint16Array;
  /** Epoch ms. */
  readonly startMs: Float64Array;
  /** Epoch ms, NaN when the call was not answered. */
  readonly answerMs: Float64Array;
  readonly billsec: Int32Array;
  /** NaN when the CDR has no cost and no rate applies. */
  readonly cost: Float64Array;
  /** The rate per minute stored with the call (the CDR's own, else the rate deck's); NaN when none applies. */
  readonly rate: Float64Array;
}

/** Strings to small ints, one dictionary per batch. */
class Dictionary {
  readonly values: string[] = [];
  private readonly ids = new Map<string, number>();

  id(value: string | null): number {
    if (value === null) return NONE;
    let i = this.ids.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.ids.set(value, i);
    }
    return i;
  }
}

/**
 * Collects a batch's columns while the importer prepares its rows, from the values it already computed: no
 * object and no string per row, a few map lookups. Built only when observers are registered.
 */
export class CdrBatchBuilder {
  private n = 0;
  private readonly customers = new Dictionary();
  private readonly seats = new Dictionary();
  /** A seat's group id in `groups`, by the seat's id in `seats` (the lookup runs once per seat). */
  private readonly groupOfSeat: number[] = [];
  private readonly groups = new Dictionary();
  private readonly sourceIps = new Dictionary();
  private readonly countries = new Dictionary();
  private readonly dispositions = new Dictionary();
  private readonly callId: string[] = [];
  private readonly calledE164: (string | null)[] = [];
  private customer: Int32Array;
  private seat: Int32Array;
  private group: Int32Array;
  private sourceIp: Int32Array;
  private country: Int32Array;
  private disposition: Int32Array;
  private flags: Uint8Array;
  private sipCode: Uint16Array;
  private startMs: Float64Array;
  private answerMs: Float64Array;
  private billsec: Int32Array;
  private cost: Float64Array;
  private rate: Float64Array;

  constructor(
    private readonly seatGroup: (seatId: string) => string | null,
    capacity = 4096,
  ) {
    this.customer = new Int32Array(capacity);
    this.seat = new Int32Array(capacity);
    this.group = new Int32Array(capacity);
    this.sourceIp = new Int32Array(capacity);
    this.country = new Int32Array(capacity);
    this.disposition = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.sipCode = new Uint16Array(capacity);
    this.startMs = new Float64Array(capacity);
    this.answerMs = new Float64Array(capacity);
    this.billsec = new Int32Array(capacity);
    this.cost = new Float64Array(capacity);
    this.rate = new Float64Array(capacity);
  }

  get length(): number {
    return this.n;
  }

  add(customerId: string | null, seatId: string | null, cdr: ParsedCdr, e: CdrEnrichment): void {
    if (this.n === this.customer.length) this.grow();
    const i = this.n++;
    this.callId.push(cdr.callId);
    this.customer[i] = this.customers.id(customerId);
    const seat = this.seats.id(seatId);
    if (seat !== NONE && seat === this.groupOfSeat.length)
      this.groupOfSeat.push(this.groups.id(this.seatGroup(seatId!)));
    this.seat[i] = seat;
    this.group[i] = seat === NONE ? NONE : this.groupOfSeat[seat];
    this.sourceIp[i] = this.sourceIps.id(cdr.sourceIp);
    this.country[i] = this.countries.id(e.country);
    this.disposition[i] = this.dispositions.id(cdr.disposition);
    this.calledE164.push(e.calledE164);
    this.flags[i] =
      (e.caribbean ? CARIBBEAN : 0) |
      (e.jurisdiction === 'international' ? INTERNATIONAL : 0) |
      (e.tollFree ? TOLL_FREE : 0) |
      (e.country === null && isProbeDial(cdr.calledNumber, null) ? PROBE : 0);
    this.sipCode[i] = cdr.sipCode ?? 0;
    this.startMs[i] = cdr.startedAt.getTime();
    this.answerMs[i] = cdr.answeredAt ? cdr.answeredAt.getTime() : NaN;
    this.billsec[i] = cdr.billsec;
    this.cost[i] = e.cost ?? NaN;
    this.rate[i] = e.ratePerMinute ?? NaN;
  }

  /** The batch, or only the rows at `keep` (ascending positions) when some turned out to be stored already. */
  build(importId: string, keep?: readonly number[]): CdrBatch {
    const n = keep ? keep.length : this.n;
    const pick = <T extends Int32Array | Uint8Array | Uint16Array | Float64Array>(col: T): T => {
      if (!keep) return col.subarray(0, n) as T;
      const out = new (col.constructor as new (n: number) => T)(n);
      for (let j = 0; j < n; j++) out[j] = col[keep[j]];
      return out;
    };
    return {
      importId,
      length: n,
      customers: this.customers.values,
      seats: this.seats.values,
      groups: this.groups.values,
      sourceIps: this.sourceIps.values,
      countries: this.countries.values,
      dispositions: this.dispositions.values,
      callId: keep ? keep.map((i) => this.callId[i]) : this.callId,
      customer: pick(this.customer),
      seat: pick(this.seat),
      group: pick(this.group),
      sourceIp: pick(this.sourceIp),
      country: pick(this.country),
      disposition: pick(this.disposition),
      calledE164: keep ? keep.map((i) => this.calledE164[i]) : this.calledE164,
      flags: pick(this.flags),
      sipCode: pick(this.sipCode),
      startMs: pick(this.startMs),
      answerMs: pick(this.answerMs),
      billsec: pick(this.billsec),
      cost: pick(this.cost),
      rate: pick(this.rate),
    };
  }

  private grow(): void {
    const cap = this.customer.length * 2;
    const grown = <T extends Int32Array | Uint8Array | Uint16Array | Float64Array>(col: T): T => {
      const out = new (col.constructor as new (n: number) => T)(cap);
      out.set(col);
      return out;
    };
    this.customer = grown(this.customer);
    this.seat = grown(this.seat);
    this.group = grown(this.group);
    this.sourceIp = grown(this.sourceIp);
    this.country = grown(this.country);
    this.disposition = grown(this.disposition);
    this.flags = grown(this.flags);
    this.sipCode = grown(this.sipCode);
    this.startMs = grown(this.startMs);
    this.answerMs = grown(this.answerMs);
    this.billsec = grown(this.billsec);
    this.cost = grown(this.cost);
    this.rate = grown(this.rate);
  }
}
