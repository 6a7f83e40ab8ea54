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
  limit?: number;
  cursor?: string | null;
}
