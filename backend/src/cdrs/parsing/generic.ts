// Carrier CSV with a header row: columns found by name (any order, common synonyms),
// ISO-8601 times (no offset means UTC).
import type { ParsedLine } from './cdr-record.js';
import {
  RowError,
  assertText,
  guard,
  normalizeDisposition,
  orNull,
  parseAmount,
  parseIp,
  parseSeconds,
  parseSipCode,
  validated,
} from './fields.js';
import { parseIsoTimestamp } from '../../common/zoned-time.js';

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
  | 'cost';

// Header names are compared lower-cased without spaces, underscores, dashes or dots.
const SYNONYMS: Record<GenericColumn, string> = {
  callId: 'callid uuid uniqueid calluuid cdrid id sessionid',
  account: 'account accountcode acctcode accountid customeraccount acct',
  sourceIp: 'srcip sourceip ip sourceaddress originatingip fromip clientip callerip sipip',
  sipUser: 'sipuser sipusername username user authuser authusername userid sipauthuser extension',
  from: 'from caller callingnumber ani src source callerid callernumber cli calleridnumber fromnumber calling',
  to: 'to callee callednumber dnis destination dst dialednumber diallednumber destinationnumber tonumber called calledparty',
  callerName: 'callername cnam calleridname fromname displayname',
  start: 'start starttime startedat startstamp calldate startdate startdatetime setuptime begin',
  answer: 'answer answertime answeredat answerstamp connecttime connectedat',
  end: 'end endtime endedat endstamp hanguptime disconnecttime releasetime stop stoptime',
  duration: 'duration durationsec durationseconds durationsecs totalduration totalseconds',
  billsec: 'billsec billsecs billseconds billableseconds billable billedseconds billableduration billduration talktime',
  disposition: 'disposition status result callstatus callresult',
  hangupCause: 'hangupcause cause releasecause disconnectcause',
  sipCode: 'sipcode sipstatus responsecode sipresponse sipresponsecode finalsipcode',
  rate: 'rate rateperminute ratepermin perminute permin minuterate',
  cost: 'cost charge charges amount totalcost callcost',
};

const LOOKUP = new Map<string, GenericColumn>();
for (const [column, names] of Object.entries(SYNONYMS) as [GenericColumn, string][]) {
  for (const name of names.split(' ')) LOOKUP.set(name, column);
}

const LABELS: Record<GenericColumn, string> = {
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

export type GenericHeader = { columns: Partial<Record<GenericColumn, number>>; width: number; names: string[] };

/** Maps a header row; throws a RowError naming every missing required column. */
export function parseGenericHeader(fields: string[]): GenericHeader {
  const columns: Partial<Record<GenericColumn, number>> = {};
  const names: string[] = [];
  fields.forEach((name, i) => {
    const column = genericColumnOf(name);
    if (column !== undefined && columns[column] === undefined) columns[column] = i; // first one wins
    names.push(column ? LABELS[column] : name.trim() || `column ${i + 1}`);
  });
  const missing: string[] = [];
  if (columns.callId === undefined) missing.push('call id (call_id, callid, uuid)');
  if (columns.to === undefined) missing.push('to (to, callee, called_number, dnis, destination)');
  if (columns.start === undefined) missing.push('start (start, start_time, started_at)');
  if (columns.billsec === undefined && columns.duration === undefined) missing.push('billsec or duration');
  if (missing.length) {
    throw new RowError(
      `the header row is missing required columns: ${missing.join('; ')} (got: ${fields.join(', ') || 'nothing'})`,
    );
  }
  return { columns, width: fields.length, names };
}

function isoTime(value: string, name: string): Date {
  const d = parseIsoTimestamp(value);
  if (!d) throw new RowError(`${name} is not an ISO-8601 time: "${value}"`);
  return d;
}

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));

export function parseGenericRow(f: string[], line: number, header: GenericHeader): ParsedLine {
  return guard(line, () => {
    if (f.length !== header.width)
      throw new RowError(`expected ${header.width} columns (as in the header), got ${f.length}`);
    assertText(f, header.names);
    const c = header.columns;
    const get = (col: GenericColumn): string => (c[col] === undefined ? '' : f[c[col]!].trim());

    const callId = get('callId');
    if (callId === '') throw new RowError('call id is empty');
    const startRaw = get('start');
    if (startRaw === '') throw new RowError('start is empty');
    const startedAt = isoTime(startRaw, 'start');
    const answeredAt = get('answer') === '' ? null : isoTime(get('answer'), 'answer');
    const endedAt = get('end') === '' ? null : isoTime(get('end'), 'end');

    // Either duration column may be absent (or blank on a row); derive it from the other.
    const durationRaw = get('duration');
    const billsecRaw = get('billsec');
    let durationSec = durationRaw === '' ? null : parseSeconds(durationRaw, 'duration');
    let billsec = billsecRaw === '' ? null : parseSeconds(billsecRaw, 'billsec');
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

    const sipCode = parseSipCode(get('sipCode'));
    return validated(
      line,
      {
        callId,
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
        disposition: normalizeDisposition(get('disposition'), billsec, sipCode),
        hangupCause: orNull(get('hangupCause')),
        sipCode,
        ratePerMinute: parseAmount(get('rate'), 'rate'),
        cost: parseAmount(get('cost'), 'cost'),
      },
      { called: 'to', start: 'start', answer: 'answer', end: 'end' },
    );
  });
}
