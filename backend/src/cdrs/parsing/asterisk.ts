// Asterisk cdr_csv Master.csv: no header, 16 columns, + uniqueid (loguniqueid=yes)
// and + userfield (loguserfield=yes). Times are local unless usegmtime=yes.
import { createHash } from 'node:crypto';
import type { CdrParseOptions, ParsedLine } from './cdr-record.js';
import {
  RowError,
  assertText,
  guard,
  identityOf,
  localTimestamp,
  normalizeDisposition,
  orNull,
  parseClid,
  parseIp,
  parseSeconds,
  sipUserFromChannel,
  startTimestamp,
  validated,
} from './fields.js';

export const ASTERISK_COLUMNS = [
  'accountcode',
  'src',
  'dst',
  'dcontext',
  'clid',
  'channel',
  'dstchannel',
  'lastapp',
  'lastdata',
  'start',
  'answer',
  'end',
  'duration',
  'billsec',
  'disposition',
  'amaflags',
  'uniqueid',
  'userfield',
] as const;

const NAMES = { called: 'dst', start: 'start', answer: 'answer', end: 'end' };

/**
 * With 17 columns the last one is uniqueid or userfield, depending on which option the
 * site enabled: an IP address there is taken for a userfield, anything else for a uniqueid.
 */
function extraColumns(f: string[]): { uniqueid: string | null; userfield: string | null } {
  if (f.length === 18) return { uniqueid: orNull(f[16]), userfield: orNull(f[17]) };
  if (f.length === 17)
    return parseIp(f[16]) ? { uniqueid: null, userfield: orNull(f[16]) } : { uniqueid: orNull(f[16]), userfield: null };
  return { uniqueid: null, userfield: null };
}

/** `1715680000.42` or `pbx1-1715680000.42` (systemname set): the UTC epoch second the channel was created. */
function epochOfUniqueid(uniqueid: string | null): number | null {
  if (uniqueid === null) return null;
  const m = /(?:^|-)(\d{9,10})\.\d+$/.exec(uniqueid);
  return m ? Number(m[1]) * 1000 : null;
}

export function parseAsteriskRow(f: string[], line: number, options: CdrParseOptions = {}): ParsedLine {
  return guard(line, () => {
    if (f.length < 16 || f.length > 18) {
      throw new RowError(`expected 16 to 18 columns (Asterisk Master.csv), got ${f.length}`);
    }
    assertText(f, ASTERISK_COLUMNS);
    const timeZone = options.timeZone ?? 'UTC';
    const { uniqueid, userfield } = extraColumns(f);
    const clid = parseClid(f[4]);
    const start = startTimestamp(f[9], 'start', timeZone);
    const startedAt = start.at;
    const answeredAt = f[10].trim() === '' ? null : localTimestamp(f[10], 'answer', timeZone);
    const endedAt = f[11].trim() === '' ? null : localTimestamp(f[11], 'end', timeZone);
    const durationSec = parseSeconds(f[12], 'duration');
    const billsec = parseSeconds(f[13], 'billsec');
    // Without uniqueid the row itself is the identity, so re-imports stay idempotent.
    const callId = uniqueid ?? createHash('sha1').update(f.join('\u001f')).digest('hex');
    return validated(
      line,
      {
        callId,
        // Forked dials share uniqueid and start: the destination channel and disposition tell the legs apart.
        identity: identityOf(callId, start.wallMs, f[6].trim(), f[14].trim().toUpperCase()),
        accountCode: orNull(f[0]),
        sourceIp: options.userfieldIsSourceIp ? parseIp(userfield ?? undefined) : null,
        sipUser: sipUserFromChannel(f[5]),
        callerNumber: orNull(f[1]) ?? clid.number,
        calledNumber: f[2].trim(),
        callerName: clid.name,
        startedAt,
        answeredAt,
        endedAt,
        durationSec,
        billsec,
        disposition: normalizeDisposition(f[14], billsec),
        hangupCause: null,
        sipCode: null,
        referenceMs: epochOfUniqueid(uniqueid),
        ratePerMinute: null,
        cost: null,
      },
      NAMES,
    );
  });
}
