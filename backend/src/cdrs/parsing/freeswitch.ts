// FreeSWITCH mod_cdr_csv with the stock `example` template (15 quoted fields, local times).
import { createHash } from 'node:crypto';
import type { CdrParseOptions, ParsedLine } from './cdr-record.js';
import {
  RowError,
  assertText,
  dispositionFromHangupCause,
  guard,
  identityOf,
  localTimestamp,
  orNull,
  parseSeconds,
  startTimestamp,
  validated,
} from './fields.js';

export const FREESWITCH_COLUMNS = [
  'caller_id_name',
  'caller_id_number',
  'destination_number',
  'context',
  'start_stamp',
  'answer_stamp',
  'end_stamp',
  'duration',
  'billsec',
  'hangup_cause',
  'uuid',
  'bleg_uuid',
  'accountcode',
  'read_codec',
  'write_codec',
] as const;

const NAMES = { called: 'destination_number', start: 'start_stamp', answer: 'answer_stamp', end: 'end_stamp' };

export function parseFreeswitchRow(f: string[], line: number, options: CdrParseOptions = {}): ParsedLine {
  return guard(line, () => {
    if (f.length !== 15)
      throw new RowError(`expected 15 columns (FreeSWITCH cdr_csv example template), got ${f.length}`);
    assertText(f, FREESWITCH_COLUMNS);
    const timeZone = options.timeZone ?? 'UTC';
    // A template without ${uuid}: the row itself is the identity, as for Asterisk without uniqueid.
    const callId = f[10].trim() || createHash('sha1').update(f.join('\u001f')).digest('hex');
    const start = startTimestamp(f[4], 'start_stamp', timeZone);
    const startedAt = start.at;
    const answeredAt = f[5].trim() === '' ? null : localTimestamp(f[5], 'answer_stamp', timeZone);
    const endedAt = f[6].trim() === '' ? null : localTimestamp(f[6], 'end_stamp', timeZone);
    const durationSec = parseSeconds(f[7], 'duration');
    const billsec = parseSeconds(f[8], 'billsec');
    const hangupCause = orNull(f[9]);
    return validated(
      line,
      {
        callId,
        identity: identityOf(callId, start.wallMs),
        accountCode: orNull(f[12]),
        sourceIp: null,
        sipUser: null,
        callerNumber: orNull(f[1]),
        calledNumber: f[2].trim(),
        callerName: orNull(f[0]),
        startedAt,
        answeredAt,
        endedAt,
        durationSec,
        billsec,
        disposition: dispositionFromHangupCause(hangupCause ?? '', billsec),
        hangupCause: hangupCause?.toUpperCase() ?? null,
        sipCode: null,
        referenceMs: null,
        ratePerMinute: null,
        cost: null,
      },
      NAMES,
    );
  });
}
