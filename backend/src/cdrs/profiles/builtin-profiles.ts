// The import profiles Tollgate ships: the CDR layouts a carrier NOC meets, each read as its public documentation
// describes it. They are listed with the saved profiles, chosen the same way (`?profile=` id, slug or name), and
// cannot be edited or deleted. Asterisk `cdr_csv` and FreeSWITCH's 15-column `example` template have parsers of
// their own (`?format=`); these cover what those parsers do not.
import { type ColumnMap, columnMapProblems, headerFromMap } from '../parsing/column-map.js';
import type { CsvRecord } from '../parsing/csv-splitter.js';
import { parseGenericRow } from '../parsing/generic.js';
import type { ImportProfileRow } from './import-profile-rows.js';

export interface BuiltinProfile extends ImportProfileRow {
  /** Short, stable name for `?profile=` (`3cx`, `avaya-ip-office-smdr`, …). */
  slug: string;
  description: string;
  /** The public document the column map follows. */
  source: string;
}

const SHIPPED = new Date('2026-11-27T00:00:00Z');

function builtin(
  n: number,
  p: Omit<BuiltinProfile, 'id' | 'customerId' | 'createdAt' | 'updatedAt' | 'homeCountry' | 'timeZone'> & {
    timeZone?: string;
  },
): BuiltinProfile {
  return {
    ...p,
    id: `b0000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    customerId: null,
    timeZone: p.timeZone ?? null,
    homeCountry: null,
    createdAt: SHIPPED,
    updatedAt: SHIPPED,
  };
}

export const BUILTIN_PROFILES: readonly BuiltinProfile[] = [
  builtin(1, {
    slug: 'asterisk-cdr-custom',
    name: 'Asterisk cdr_custom (High Resolution)',
    description:
      'The stock cdr_custom.conf "High Resolution" mapping: no header, clid first, fractional duration and billsec, ' +
      "uniqueid as the call id (the dstchannel tells a forked dial's rows apart), sequence last. Times are local: " +
      'give the zone when importing.',
    source: 'Asterisk configs/samples/cdr_custom.conf.sample, [mappings] Master.csv (High Resolution Time)',
    hasHeader: false,
    columns: {
      callerName: 1,
      from: 2,
      to: 3,
      start: 9,
      answer: 10,
      end: 11,
      duration: 12,
      billsec: 13,
      disposition: 14,
      account: 16,
      callId: 17,
      leg: 6,
    },
    dateFormat: 'iso',
  }),
  builtin(2, {
    slug: 'freeswitch-cdr-csv',
    name: 'FreeSWITCH cdr_csv (13-column example, snom and other templates)',
    description:
      'The templates of cdr_csv.conf.xml that start with the 13 columns of the older "example" template ' +
      '(caller_id_name … bleg_uuid, accountcode), with or without a space after the comma (snom), and any columns ' +
      'after them (read_codec, sip_user_agent, …). Times are local: give the zone when importing.',
    source:
      'FreeSWITCH conf/vanilla/autoload_configs/cdr_csv.conf.xml (templates example, sql, snom); ' +
      'developer.signalwire.com/freeswitch/FreeSWITCH-Explained/Configuration/CDR',
    hasHeader: false,
    columns: {
      callerName: 1,
      from: 2,
      to: 3,
      start: 5,
      answer: 6,
      end: 7,
      duration: 8,
      billsec: 9,
      hangupCause: 10,
      callId: 11,
      account: 13,
    },
    dateFormat: 'iso',
  }),
  builtin(3, {
    slug: '3cx',
    name: '3CX CDR log',
    description:
      'The 3CX CDR service writing to a file, every field enabled in the documented order (historyid, callid, ' +
      'duration, time-start, time-answered, time-end, reason-terminated, from-no, to-no, …, bill-rate, bill-cost, …), ' +
      "no header, YYYY/MM/DD dates, HH:MM:SS durations. Times are the 3CX server's: give its zone.",
    source: '3CX, "CDR - Call Data Records" (3cx.com/blog/docs/cdr-call-data-records/), Configuring the CDR fields',
    hasHeader: false,
    columns: {
      callId: 2,
      duration: 3,
      start: 4,
      answer: 5,
      end: 6,
      from: 8,
      to: 9,
      rate: 17,
      cost: 18,
    },
    dateFormat: 'YYYY/MM/DD',
  }),
  builtin(4, {
    slug: 'avaya-ip-office-smdr',
    name: 'Avaya IP Office SMDR',
    description:
      'IP Office SMDR records (no header): Call Start YYYY/MM/DD HH:MM:SS, Connected Time HH:MM:SS as the billed ' +
      'time, Caller, Called Number, Call ID, Call Charge. Inbound records (Direction I) are imported too. ' +
      "Times are the system's: give its zone.",
    source: 'Avaya IP Office Knowledgebase, "SMDR Fields" (ipofficekb.avaya.com, smdr_fields.htm)',
    hasHeader: false,
    columns: {
      start: 1,
      billsec: 2,
      from: 4,
      to: 6,
      callId: 10,
      cost: 21,
    },
    dateFormat: 'YYYY/MM/DD',
  }),
  builtin(5, {
    slug: 'cdr-stats',
    name: 'CDR-Stats import CSV',
    description:
      'The CSV CDR-Stats imports and exports (switch, cdr_source_type, callid, caller_id_number, caller_id_name, ' +
      'destination_number, …, starting_date, duration, billsec, …, hangup_cause_id, …, accountcode, buy_rate, ' +
      'buy_cost, sell_rate, sell_cost, extradata), with its header. Costs are the sell side.',
    source:
      'CDR-Stats documentation, Admin panel, "CDR Manual Import / Export" (docs/source/user-guide-doc/admin_panel.rst)',
    hasHeader: true,
    columns: {
      callId: 'callid',
      from: 'caller_id_number',
      callerName: 'caller_id_name',
      to: 'destination_number',
      start: 'starting_date',
      duration: 'duration',
      billsec: 'billsec',
      hangupCause: 'hangup_cause_id',
      account: 'accountcode',
      rate: 'sell_rate',
      cost: 'sell_cost',
    },
    dateFormat: 'iso',
  }),
  builtin(6, {
    slug: 'didww-outbound',
    name: 'DIDWW outbound CDR export',
    description:
      'A DIDWW outbound CDR export (API v3 exports, or the Call Logs page): times in UTC, the destination number, ' +
      'call and billed durations, the SIP disconnect code, rate and charged amount in USD.',
    source: 'DIDWW API v3, "Get CSV File of Export", Outbound CDRs (doc.didww.com/api3/…/get-csv-file-of-export.html)',
    hasHeader: true,
    columns: {
      start: 'Date/Time Start (UTC)',
      answer: 'Date/Time Connect (UTC)',
      end: 'Date/Time End (UTC)',
      from: 'Source',
      to: 'Destination Number',
      duration: 'Call Duration (sec)',
      billsec: 'Billing Duration (sec)',
      sipCode: 'Disconnect Code',
      rate: 'Rate (USD)',
      cost: 'Charged (USD)',
    },
    dateFormat: 'iso',
    timeZone: 'UTC',
  }),
  builtin(7, {
    slug: 'ivozprovider',
    name: 'IvozProvider call CSV',
    description:
      'The call CSV reports of IvozProvider (callid, startTime, duration, caller, callee, price, …), numbers in E.164.',
    source: 'IvozProvider documentation, Client portal, Calls, "Call CSV schedulers", CSV fields (irontec.github.io)',
    hasHeader: true,
    columns: {
      callId: 'callid',
      start: 'startTime',
      duration: 'duration',
      from: 'caller',
      to: 'callee',
      cost: 'price',
    },
    dateFormat: 'iso',
  }),
];

for (const p of BUILTIN_PROFILES) {
  const problems = columnMapProblems(p);
  if (problems.length) throw new Error(`Built-in import profile ${p.slug}: ${problems.join('; ')}`);
}

/** A built-in profile by id, slug or name (case-insensitive), as `?profile=` names it. */
export function findBuiltinProfile(idOrName: string): BuiltinProfile | null {
  const key = idOrName.trim().toLowerCase();
  return BUILTIN_PROFILES.find((p) => p.id === key || p.slug === key || p.name.toLowerCase() === key) ?? null;
}

export function isBuiltinName(name: string): boolean {
  return findBuiltinProfile(name) !== null;
}

/**
 * The built-in profiles that read a file starting with `records`: one with a header whose columns are all there,
 * or a headerless one that parses its first rows. Offered when the importer does not know a file.
 */
export function profilesThatRead(records: CsvRecord[]): BuiltinProfile[] {
  if (!records.length) return [];
  return BUILTIN_PROFILES.filter((p) => reads(p, records));
}

function reads(map: ColumnMap, records: CsvRecord[]): boolean {
  try {
    const header = headerFromMap(map, map.hasHeader ? records[0].fields : null);
    const rows = (map.hasHeader ? records.slice(1) : records).slice(0, 3);
    return (map.hasHeader || rows.length > 0) && rows.every((r) => parseGenericRow(r.fields, r.line, header).ok);
  } catch {
    return false;
  }
}
