// Carrier CSV with a header row: columns found by name (any order, common synonyms),
// ISO-8601 times (no offset: the import's time zone).
import { createHash } from 'node:crypto';
import type { ParsedLine } from './cdr-record.js';
import {
  RowError,
  assertText,
  guard,
  identityOf,
  normalizeDisposition,
  orNull,
  parseAmount,
  parseIp,
  parseSeconds,
  parseSipCode,
  startTimestamp,
  validated,
} from './fields.js';
import { parseCdrTimestamp } from '../../common/zoned-time.js';
import { type DateFormat, isoDateOf, missingFields } from './column-map.js';

export type GenericColumn =
  | 'callId'
  | 'account'
  | 'sourceIp'
  | 'sipUser'
  | 'from'
  | 'to'
  | 'callerName'
  | 'start'
  | 'answer'
  | 'end'
  | 'duration'
  | 'billsec'
  | 'disposition'
  | 'hangupCause'
  | 'sipCode'
  | 'rate'
  | 'cost'
  | 'leg';

// Header names are compared lower-cased without spaces, underscores, dashes or dots.
const SYNONYMS: Record<GenericColumn, string> = {
  callId: 'callid uuid uniqueid calluuid cdrid id sessionid',
  account: 'account accountcode acctcode accountid customeraccount acct',
  sourceIp: 'srcip sourceip ip sourceaddress originatingip fromip clientip callerip sipip',
  sipUser: 'sipuser sipusername username user authuser authusername userid sipauthuser extension',
  from: 'fromno callingparty callernum from caller callingnumber ani src source callerid callernumber cli calleridnumber fromnumber calling',
  to: 'tono did destinationdid dialed calledstation callednum to callee callednumber dnis destination dst dialednumber diallednumber destinationnumber tonumber called calledparty',
  callerName: 'callername cnam calleridname fromname displayname',
  start:
    'startingdate timestart date/time(utc) date/time datetime callstart start starttime startedat startstamp calldate startdate startdatetime setuptime begin',
  answer: 'timeanswered answeredtime answer answertime answeredat answerstamp connecttime connectedat',
  end: 'timeend callend end endtime endedat endstamp hanguptime disconnecttime releasetime stop stoptime',
  duration:
    'duration(secs) duration(s) callduration duration durationsec durationseconds durationsecs totalduration totalseconds',
  billsec: 'billsec billsecs billseconds billableseconds billable billedseconds billableduration billduration talktime',
  disposition: 'disposition status result callstatus callresult',
  hangupCause:
    'hangupcause cause releasecause disconnectcause disconnectcode q850 q850cause causecode hangupcausecode terminationcause disconnectreason',
  sipCode: 'sipcode sipstatus responsecode sipresponse sipresponsecode finalsipcode',
  rate: 'rate rateperminute ratepermin perminute permin minuterate',
  cost: 'price sellcost totalprice cost charge charges amount totalcost callcost',
  // Through a profile only: a header named like it in a file read by synonyms keeps the key it always had.
  leg: '',
};

/** Columns that hold the called party's SIP URI: the called number only when no number column exists. */
const SIP_URI_NAMES = new Set(['touri', 'calleduri', 'requesturi', 'ruri', 'destinationuri', 'touser', 'sipto']);

const LOOKUP = new Map<string, GenericColumn>();
for (const [column, names] of Object.entries(SYNONYMS) as [GenericColumn, string][]) {
  for (const name of names.split(' ').filter(Boolean)) LOOKUP.set(name, column);
}

export const GENERIC_COLUMNS = Object.keys(SYNONYMS) as GenericColumn[];

export const LABELS: Record<GenericColumn, string> = {
  callId: 'call id',
  account: 'account',
  sourceIp: 'source ip',
  sipUser: 'sip user',
  from: 'from',
  to: 'to',
  callerName: 'caller name',
  start: 'start',
  answer: 'answer',
  end: 'end',
  duration: 'duration',
  billsec: 'billsec',
  disposition: 'disposition',
  hangupCause: 'hangup cause',
  sipCode: 'sip code',
  rate: 'rate',
  cost: 'cost',
  leg: 'call leg',
};

export function headerKey(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/\([^)]*\)/g, '') // units: `Start Time (UTC)`, `Charge (USD)`
    .replace(/[\s_\-.]+/g, '');
}

/** Which known column a header cell names, if any. */
export function genericColumnOf(name: string): GenericColumn | undefined {
  return LOOKUP.get(headerKey(name));
}

export interface GenericHeader {
  columns: Partial<Record<GenericColumn, number>>;
  width: number;
  names: string[];
  /** How dates are written (a profile's); default ISO. */
  dateFormat?: DateFormat;
  /** A headerless file read by position: rows may carry more columns than the map names. */
  atLeast?: boolean;
}

/** What a header row gave: the field each known column maps to, and the fields still needed. */
export function recogniseHeader(fields: string[]): {
  columns: Partial<Record<GenericColumn, number>>;
  recognised: Partial<Record<GenericColumn, string>>;
  needs: string[];
} {
  const columns: Partial<Record<GenericColumn, number>> = {};
  const recognised: Partial<Record<GenericColumn, string>> = {};
  fields.forEach((name, i) => {
    const column = genericColumnOf(name);
    if (column === undefined || columns[column] !== undefined) return; // first one wins
    // A SIP URI column is the called number only when no number column names it (see SIP_URI_NAMES).
    if (column === 'to' && SIP_URI_NAMES.has(headerKey(name))) return;
    columns[column] = i;
    recognised[column] = name.trim();
  });
  if (columns.to === undefined) {
    const uri = fields.findIndex((n) => SIP_URI_NAMES.has(headerKey(n)));
    if (uri !== -1) {
      columns.to = uri;
      recognised.to = fields[uri].trim();
    }
  }
  return { columns, recognised, needs: missingFields(columns) };
}

/** Maps a header row; throws a RowError naming every missing required column. */
export function parseGenericHeader(fields: string[]): GenericHeader {
  const { columns, needs } = recogniseHeader(fields);
  const names = fields.map((name, i) => {
    const column = genericColumnOf(name);
    return column ? LABELS[column] : name.trim() || `column ${i + 1}`;
  });
  if (needs.length) {
    throw new RowError(
      `the header row is missing required columns: ${needs.join('; ')} (got: ${fields.join(', ') || 'nothing'}); ` +
        'map its columns with an import profile (?profile=)',
    );
  }
  return { columns, width: fields.length, names };
}

function isoTime(value: string, name: string, timeZone: string, format: DateFormat): Date {
  const d = parseCdrTimestamp(isoDateOf(value, format, name), timeZone);
  if (!d) throw new RowError(`${name} is not an ISO-8601 time: "${value}"`);
  return d.at;
}

/** Seconds as carriers write them: `62`, `61.5` (rounded), `00:01:02`, `1:02`. */
export function parseDuration(value: string, name: string): number {
  const v = value.trim();
  const hms = /^(?:(\d{1,6}):)?(\d{1,2}):(\d{2})(?:\.\d+)?$/.exec(v);
  if (hms) {
    const [, h, m, sec] = hms;
    if (h !== undefined && Number(m) > 59) throw new RowError(`${name} is not a duration: "${v}"`);
    return Number(h ?? 0) * 3600 + Number(m) * 60 + Number(sec);
  }
  if (/^\d+\.\d+$/.test(v)) return Math.round(Number(v));
  return parseSeconds(v, name);
}

/** The columns that identify a call when the file has no call id column (or leaves it blank). */
const IDENTIFYING: GenericColumn[] = [
  'account',
  'sourceIp',
  'sipUser',
  'from',
  'to',
  'start',
  'answer',
  'end',
  'duration',
  'billsec',
];

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

export function parseGenericRow(f: string[], line: number, header: GenericHeader, timeZone = 'UTC'): ParsedLine {
  return guard(line, () => {
    if (header.atLeast ? f.length < header.width : f.length !== header.width)
      throw new RowError(
        header.atLeast
          ? `expected at least ${header.width} columns (as the profile maps), got ${f.length}`
          : `expected ${header.width} columns (as in the header), got ${f.length}`,
      );
    const dateFormat = header.dateFormat ?? 'iso';
    assertText(f, header.names);
    const c = header.columns;
    const get = (col: GenericColumn): string => (c[col] === undefined ? '' : f[c[col]!].trim());

    const startRaw = get('start');
    if (startRaw === '') throw new RowError('start is empty');
    const start = startTimestamp(isoDateOf(startRaw, dateFormat, 'start'), 'start', timeZone);
    const startedAt = start.at;
    const answeredAt = get('answer') === '' ? null : isoTime(get('answer'), 'answer', timeZone, dateFormat);
    const endedAt = get('end') === '' ? null : isoTime(get('end'), 'end', timeZone, dateFormat);
    const callId =
      get('callId') ||
      createHash('sha1')
        .update(identityOf(...IDENTIFYING.map(get)))
        .digest('hex');

    // Either duration column may be absent (or blank on a row); derive it from the other.
    const durationRaw = get('duration');
    const billsecRaw = get('billsec');
    let durationSec = durationRaw === '' ? null : parseDuration(durationRaw, 'duration');
    let billsec = billsecRaw === '' ? null : parseDuration(billsecRaw, 'billsec');
    // Neither length given: the end says it.
    if (durationSec === null && billsec === null && endedAt)
      durationSec = seconds(endedAt.getTime() - startedAt.getTime());
    if (durationSec === null && billsec === null) throw new RowError('billsec and duration are both empty');
    if (billsec === null) {
      if (answeredAt && endedAt) {
        billsec = Math.min(seconds(endedAt.getTime() - answeredAt.getTime()), durationSec ?? Infinity);
      } else {
        billsec = c.answer !== undefined ? 0 : durationSec!; // an answer column left blank: not answered
      }
    }
    if (durationSec === null) {
      durationSec = endedAt ? Math.max(billsec, seconds(endedAt.getTime() - startedAt.getTime())) : billsec;
    }

    const causeRaw = get('hangupCause');
    // Q.850 causes run 1-127: a 3-digit "disconnect code" of 180 and up is a SIP status (DIDWW, most SBCs).
    const causeIsSip = get('sipCode') === '' && /^[1-6]\d\d$/.test(causeRaw) && Number(causeRaw) >= 180;
    const sipCode = parseSipCode(causeIsSip ? causeRaw : get('sipCode'));
    const hangupCause = causeIsSip ? null : (orNull(causeRaw)?.toUpperCase() ?? null);
    return validated(
      line,
      {
        callId,
        // A mapped leg (Asterisk's dstchannel) tells apart the rows of one forked dial, which share the call id,
        // the start and the number, as the Asterisk parser does; without one the key is what it always was.
        identity:
          c.leg === undefined
            ? identityOf(callId, start.wallMs, get('to'))
            : identityOf(callId, start.wallMs, get('to'), get('leg'), get('disposition').toUpperCase()),
        accountCode: orNull(get('account')),
        sourceIp: parseIp(get('sourceIp')),
        sipUser: orNull(get('sipUser')),
        callerNumber: orNull(get('from')),
        calledNumber: get('to'),
        callerName: orNull(get('callerName')),
        startedAt,
        answeredAt,
        endedAt,
        durationSec,
        billsec,
        disposition: normalizeDisposition(get('disposition'), billsec, sipCode, hangupCause),
        hangupCause,
        sipCode,
        referenceMs: null,
        ratePerMinute: parseAmount(get('rate'), 'rate'),
        cost: parseAmount(get('cost'), 'cost'),
      },
      { called: 'to', start: 'start', answer: 'answer', end: 'end' },
    );
  });
}
