import type { components } from '../core/api.generated';

type Schemas = components['schemas'];

export const CDR_FORMATS = ['auto', 'asterisk', 'freeswitch', 'generic'] as const;
export type CdrFormat = (typeof CDR_FORMATS)[number];

export const FORMAT_LABELS: Readonly<Record<CdrFormat, string>> = {
  auto: 'Detect automatically',
  asterisk: 'Asterisk (Master.csv)',
  freeswitch: 'FreeSWITCH (cdr_csv)',
  generic: 'CSV with a header row',
};

/** Query options of `POST /api/cdrs/import`. */
export interface ImportOptions {
  format: CdrFormat;
  /** Zone of the local times in Asterisk/FreeSWITCH files; the server's default when absent. */
  timeZone?: string;
  /** Asterisk: the userfield column carries the source IP. */
  userfieldIsSourceIp?: boolean;
  /** An import profile (id or name) to read the file through. */
  profile?: string;
}

/** `POST /api/cdrs/profiles`: how to read a file whose header the importer does not know. */
export type ImportProfileInput = Schemas['ImportProfileDto'];
export type ImportProfile = Schemas['ImportProfile'];
export type DateFormat = Schemas['CdrDateFormat'];
export const DATE_FORMATS: readonly DateFormat[] = ['iso', 'YYYY/MM/DD', 'DD/MM/YYYY', 'MM/DD/YYYY', 'DD.MM.YYYY'];

/** The fields a column can be mapped to, in the order the mapping form shows them; the first three are needed. */
export const MAPPED_FIELDS = [
  ['to', 'Called number'],
  ['start', 'Start'],
  ['duration', 'Duration'],
  ['billsec', 'Billed seconds'],
  ['answer', 'Answer'],
  ['end', 'End'],
  ['from', 'Calling number'],
  ['account', 'Account code'],
  ['sourceIp', 'Source IP'],
  ['sipUser', 'SIP user'],
  ['cost', 'Cost'],
  ['callId', 'Call id'],
  ['disposition', 'Disposition'],
  ['hangupCause', 'Hangup cause'],
  ['sipCode', 'SIP code'],
  ['leg', 'Call leg (e.g. dstchannel: tells forked dials apart)'],
] as const;
export type MappedField = (typeof MAPPED_FIELDS)[number][0];

/** A built-in profile that reads a file the importer refused (in the 400's `suggestedProfiles`). */
export interface SuggestedProfile {
  id: string;
  slug: string;
  name: string;
}

/** The body of a 400 `cdr_header_invalid`: the file's columns, what was recognised, what is needed. */
export interface UnknownHeader {
  columns: string[];
  recognised: Partial<Record<MappedField, string>>;
  needs: string[];
  suggestedProfiles?: SuggestedProfile[];
}

/** The body of a 400 `cdr_format_unknown`: the first row of a file that is no format the importer knows. */
export interface UnknownFormat {
  firstRow: string[];
  suggestedProfiles: SuggestedProfile[];
}

/** 1-based line in the file, header included. */
export type ImportError = Schemas['CdrImportError'];
export type ImportStatus = Schemas['CdrImportStatus'];
/** The answer of `POST /api/cdrs/import`. */
export type ImportReport = Schemas['CdrImportReport'];
/** A row of `GET /api/cdrs/imports`. */
export type CdrImport = Schemas['CdrImport'];
/** A row of `GET /api/cdrs`. */
export type Cdr = Schemas['Cdr'];

export interface CdrQuery {
  customerId?: string | null;
  from?: string;
  to?: string;
  /** An E.164 prefix of the called number, or a caller or called number as written. */
  number?: string;
  /** An address or a range (CIDR). */
  ip?: string;
  /** A seat's name, user id, SIP user or extension. */
  seat?: string;
  /** ISO 3166 alpha-2. */
  country?: string;
  limit?: number;
  cursor?: string | null;
}

/**
 * What an import came to, in words and a badge colour: an import that rejected rows is not a green "completed".
 */
export function importOutcome(i: { status: string; rejected: number }): {
  label: string;
  badge: 'tg-state-resolved' | 'tg-sev-warning' | 'tg-state-open' | 'tg-state-review';
} {
  if (i.status === 'completed' && i.rejected > 0) {
    return {
      label: `completed with ${i.rejected} rejected ${i.rejected === 1 ? 'row' : 'rows'}`,
      badge: 'tg-sev-warning',
    };
  }
  if (i.status === 'completed') return { label: 'completed', badge: 'tg-state-resolved' };
  if (i.status === 'running') return { label: 'running', badge: 'tg-state-review' };
  return { label: i.status, badge: 'tg-state-open' };
}
