/** One call, as read from any of the supported CDR formats, before enrichment. */
export interface ParsedCdr {
  /** uniqueid / uuid / call id; Asterisk rows without uniqueid: sha1 hex of the raw fields. */
  callId: string;
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
  ratePerMinute: number | null;
  cost: number | null;
}

// `string & {}` keeps editor completion for the known values.
export type Disposition = 'ANSWERED' | 'NO ANSWER' | 'BUSY' | 'FAILED' | 'CONGESTION' | (string & {});

export type ParsedLine = { line: number; ok: true; cdr: ParsedCdr } | { line: number; ok: false; reason: string };

export type CdrFormat = 'asterisk' | 'freeswitch' | 'generic';

export interface CdrParseOptions {
  /** IANA zone of the local wall-clock times in Asterisk and FreeSWITCH files. Default UTC. */
  timeZone?: string;
  /** Asterisk: the userfield column carries the caller's source IP. */
  userfieldIsSourceIp?: boolean;
}
