/** One call, as read from any of the supported CDR formats, before enrichment. */
export interface ParsedCdr {
  /** uniqueid / uuid / call id; a row without one: sha1 hex of its identifying fields. */
  callId: string;
  /**
   * What makes this CDR this CDR, as the file wrote it: the call id, the start as written (wall clock, no
   * zone applied) and, where a call id covers several legs, the leg. Never depends on import options, so a
   * re-import with a corrected time zone finds the rows it stored before. The importer stores its md5.
   */
  identity: string;
  accountCode: string | null;
  /** A valid IPv4/IPv6 address, or null. */
  sourceIp: string | null;
  sipUser: string | null;
  /** Raw caller number as the switch wrote it ('from' / src / caller_id_number). */
  callerNumber: string | null;
  /** Raw dialled number (dst / destination_number / to); never empty. */
  calledNumber: string;
  callerName: string | null;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  /** Whole seconds, >= 0, billsec <= durationSec. */
  durationSec: number;
  billsec: number;
  /** Upper-case: ANSWERED, NO ANSWER, BUSY, FAILED, CONGESTION, or the source's own word. */
  disposition: Disposition;
  hangupCause: string | null;
  sipCode: number | null;
  /** A UTC instant the source recorded for the call apart from its wall clock (Asterisk uniqueid), or null. */
  referenceMs: number | null;
  ratePerMinute: number | null;
  cost: number | null;
}

// `string & {}` keeps editor completion for the known values.
export type Disposition = 'ANSWERED' | 'NO ANSWER' | 'BUSY' | 'FAILED' | 'CONGESTION' | (string & {});

export type ParsedLine = { line: number; ok: true; cdr: ParsedCdr } | { line: number; ok: false; reason: string };

export type CdrFormat = 'asterisk' | 'freeswitch' | 'generic';

export interface CdrParseOptions {
  /** IANA zone of the times that carry no offset, in every format. Default UTC. */
  timeZone?: string;
  /** Asterisk: the userfield column carries the caller's source IP. */
  userfieldIsSourceIp?: boolean;
  /** Generic CSV read through an import profile's column map instead of the header's names. */
  columnMap?: import('./column-map.js').ColumnMap;
}
