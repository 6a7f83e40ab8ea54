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
}

export interface ImportError {
  /** 1-based line in the file, header included. */
  line: number;
  reason: string;
}

export type ImportStatus = 'running' | 'completed' | 'failed' | 'interrupted';

/** The answer of `POST /api/cdrs/import`. */
export interface ImportReport {
  importId: string;
  format: Exclude<CdrFormat, 'auto'> | null;
  status: ImportStatus;
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  /** Rows no customer matched (by account code or source IP). */
  unassigned: number;
  /** The first 100. */
  errors: ImportError[];
  /** The customers the imported rows were matched to, most rows first. */
  customers: { id: string; name: string; imported: number }[];
}

/** A row of `GET /api/cdrs/imports`. */
export interface CdrImport {
  id: string;
  filename: string | null;
  format: string | null;
  status: ImportStatus;
  rows: number;
  imported: number;
  duplicates: number;
  rejected: number;
  unassigned: number;
  bytes: number;
  failure: string | null;
  startedAt: string;
  finishedAt: string | null;
  createdBy: string | null;
}

/** A row of `GET /api/cdrs`. */
export interface Cdr {
  id: string;
  callId: string;
  customerId: string | null;
  seatId: string | null;
  accountCode: string | null;
  sourceIp: string | null;
  sipUser: string | null;
  callerName: string | null;
  callerNumber: string | null;
  calledNumber: string;
  callerE164: string | null;
  calledE164: string | null;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  durationSec: number;
  billsec: number;
  disposition: string | null;
  sipCode: number | null;
  country: string | null;
  state: string | null;
  jurisdiction: string | null;
  caribbean: boolean;
  tollFree: boolean;
  ratePerMinute: number | null;
  cost: number | null;
}

export interface CdrQuery {
  customerId?: string | null;
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string | null;
}
