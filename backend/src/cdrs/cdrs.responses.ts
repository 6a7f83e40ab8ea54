import { ApiProperty } from '@nestjs/swagger';
import { pageOf } from '../common/api-page.js';
import { FORMATS } from './cdrs.dto.js';
import { WIDGETS, type Widget } from './usage/usage.service.js';

const CDR_FORMATS = FORMATS.filter((f) => f !== 'auto');
const IMPORT_STATUSES = ['running', 'completed', 'failed', 'interrupted'] as const;
type ImportStatus = (typeof IMPORT_STATUSES)[number];

export class CdrImportError {
  @ApiProperty({ type: 'integer', description: '1-based line in the file, header included' }) line: number;
  @ApiProperty() reason: string;
}

export class CdrImportCustomer {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: 'integer', description: 'Rows of this import matched to the customer' }) imported: number;
}

/** The answer of `POST /api/cdrs/import`. */
export class CdrImportReport {
  @ApiProperty({ format: 'uuid' }) importId: string;
  @ApiProperty({ enum: CDR_FORMATS, enumName: 'CdrFormat', nullable: true, description: 'null: no row was read' })
  format: (typeof CDR_FORMATS)[number] | null;
  @ApiProperty({ enum: ['completed', 'failed', 'interrupted'] }) status: Exclude<ImportStatus, 'running'>;
  @ApiProperty({ type: 'integer' }) rows: number;
  @ApiProperty({ type: 'integer' }) imported: number;
  @ApiProperty({
    type: 'integer',
    description: 'Rows stored before whose times this import corrected (re-imported with another time zone)',
  })
  updated: number;
  @ApiProperty({ type: 'integer' }) duplicates: number;
  @ApiProperty({ type: 'integer' }) rejected: number;
  @ApiProperty({
    type: [String],
    description: 'What the import noticed about the file as a whole, e.g. times that look written in another zone',
  })
  warnings: string[];
  @ApiProperty({ type: 'integer', description: 'Rows no customer matched (by account code or source IP)' })
  unassigned: number;
  @ApiProperty({
    type: [CdrImportCustomer],
    description: 'The customers the imported rows were matched to, most first',
  })
  customers: CdrImportCustomer[];
  @ApiProperty({ type: [CdrImportError], description: 'The first 100' }) errors: CdrImportError[];
}

class CdrImportBase {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ type: String, nullable: true }) filename: string | null;
  @ApiProperty({ enum: CDR_FORMATS, enumName: 'CdrFormat', nullable: true }) format: string | null;
  @ApiProperty({ enum: IMPORT_STATUSES, enumName: 'CdrImportStatus' }) status: ImportStatus;
  @ApiProperty({ type: 'integer' }) rows: number;
  @ApiProperty({ type: 'integer' }) imported: number;
  @ApiProperty({ type: 'integer' }) updated: number;
  @ApiProperty({ type: 'integer' }) duplicates: number;
  @ApiProperty({ type: 'integer' }) rejected: number;
  @ApiProperty({ type: 'integer' }) unassigned: number;
  @ApiProperty({ type: [String] }) warnings: string[];
  @ApiProperty({ type: 'integer', description: 'Bytes read from the upload' }) bytes: number;
  @ApiProperty({ type: String, nullable: true, description: 'Why a failed or interrupted import stopped' })
  failure: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) startedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt: Date | null;
}

/** A row of `GET /api/cdrs/imports`. */
export class CdrImport extends CdrImportBase {
  @ApiProperty({ type: String, nullable: true, description: 'The name of the user who uploaded it' })
  createdBy: string | null;
}

export class CdrImportPage extends pageOf(CdrImport) {}

/** `GET /api/cdrs/imports/:id`: the run with its kept errors. */
export class CdrImportDetail extends CdrImportBase {
  @ApiProperty({ type: [CdrImportError], description: 'The first 100' }) errors: CdrImportError[];
}

/** A stored, enriched call record. */
export class Cdr {
  @ApiProperty({ description: 'A string of digits' }) id: string;
  @ApiProperty() callId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) customerId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) seatId: string | null;
  @ApiProperty({ type: String, nullable: true }) accountCode: string | null;
  @ApiProperty({ type: String, nullable: true }) sourceIp: string | null;
  @ApiProperty({ type: String, nullable: true }) sipUser: string | null;
  @ApiProperty({ type: String, nullable: true }) callerName: string | null;
  @ApiProperty({ type: String, nullable: true }) callerNumber: string | null;
  @ApiProperty() calledNumber: string;
  @ApiProperty({ type: String, nullable: true }) callerE164: string | null;
  @ApiProperty({ type: String, nullable: true }) calledE164: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) startedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) answeredAt: Date | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt: Date | null;
  @ApiProperty({ type: 'integer' }) durationSec: number;
  @ApiProperty({ type: 'integer' }) billsec: number;
  @ApiProperty({ example: 'ANSWERED' }) disposition: string;
  @ApiProperty({ type: 'integer', nullable: true }) sipCode: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The hangup cause: FreeSWITCH's Q.850 name, or the carrier's disconnect code",
  })
  hangupCause: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'ISO 3166 alpha-2 of the called number' })
  country: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'US state / Canadian province of the called number' })
  state: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'interstate, intrastate, international, toll_free, national (within a non-NANP home country), internal (an extension: on-net) or unknown',
  })
  jurisdiction: string | null;
  @ApiProperty({ description: 'A non-US NANP destination' }) caribbean: boolean;
  @ApiProperty() tollFree: boolean;
  @ApiProperty({ type: Number, nullable: true }) ratePerMinute: number | null;
  @ApiProperty({ type: Number, nullable: true }) cost: number | null;
  @ApiProperty({ type: String, nullable: true, description: "The seat's name" }) seatName: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The called number's country, in English" })
  countryName: string | null;
}

export class CdrPage extends pageOf(Cdr) {}

export class RateDeckEntry {
  @ApiProperty({ example: '4420' }) prefix: string;
  @ApiProperty() description: string;
  @ApiProperty() ratePerMinute: number;
}

export class RateDeckEntryPage extends pageOf(RateDeckEntry) {}

export class RateDeckReplaced {
  @ApiProperty({ type: 'integer' }) prefixes: number;
}

/** One row of a usage widget: a country, a seat, an IP… and its traffic. */
export class UsageRow {
  @ApiProperty({ description: 'Countries: ISO 3166 alpha-2; jurisdictions: interstate, intrastate, …' }) key: string;
  @ApiProperty() label: string;
  @ApiProperty({ type: 'integer' }) calls: number;
  @ApiProperty({ type: 'integer' }) failedCalls: number;
  @ApiProperty({ description: 'Σ billsec / 60, not rounded per call' }) minutes: number;
  @ApiProperty() cost: number;
}

/** One bucket of the usage chart. */
export class UsageSeriesPoint {
  @ApiProperty({ type: String, format: 'date-time', description: 'The start of the hour or day' }) at: string;
  @ApiProperty({ type: 'integer' }) calls: number;
  @ApiProperty({ type: 'integer' }) failedCalls: number;
  @ApiProperty({ description: 'Σ billsec / 60' }) minutes: number;
  @ApiProperty() cost: number;
}

/** `GET /api/usage/timeseries`: every bucket of the range, empty ones as zeros. */
export class UsageSeries {
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) customerId: string | null;
  @ApiProperty({ description: "The zone days are cut in: the customer's, else UTC" }) timezone: string;
  @ApiProperty({ type: String, format: 'date-time' }) from: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'Exclusive' }) to: string;
  @ApiProperty({ enum: ['hour', 'day'], enumName: 'UsageBucket', description: 'Hours up to 3 days, else days' })
  bucket: 'hour' | 'day';
  @ApiProperty({ type: [UsageSeriesPoint] }) points: UsageSeriesPoint[];
}

/** `GET /api/usage/:widget`: rows sorted by minutes (or `sort=cost`), descending. */
export class UsageResult {
  @ApiProperty({ enum: Object.keys(WIDGETS), enumName: 'UsageWidget' }) widget: Widget;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) customerId: string | null;
  @ApiProperty({ description: "The zone bare dates were read in: the customer's, else UTC" }) timezone: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'The first instant read' }) from: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'The end of the range read (exclusive)' })
  to: string;
  @ApiProperty({ type: [UsageRow] }) rows: UsageRow[];
}
