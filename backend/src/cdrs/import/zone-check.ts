// Files written in local time and imported as UTC (or the reverse) are common. Asterisk's uniqueid carries the
// UTC epoch at which the channel was created, a clock that no zone setting moves: when the start times disagree
// with it by a whole number of hours (quarter hours, for the zones that have them), the zone was wrong.

const QUARTER_HOUR = 15 * 60_000;
/** A channel is created at most a little before the CDR's start. */
const TOLERANCE_MS = 120_000;

/** Counts, per import, how far the start times sit from the source's own UTC clock. */
export class ZoneCheck {
  private checked = 0;
  private readonly offsets = new Map<number, number>();

  /** `startMs` as the import read it; `referenceMs` the UTC instant the source recorded for the same call. */
  observe(startMs: number, referenceMs: number): void {
    this.checked++;
    const diff = startMs - referenceMs;
    const quarters = Math.round(diff / QUARTER_HOUR);
    if (quarters === 0 || Math.abs(diff - quarters * QUARTER_HOUR) > TOLERANCE_MS) return;
    this.offsets.set(quarters, (this.offsets.get(quarters) ?? 0) + 1);
  }

  /** A warning naming the offset when at least half of the checked rows share one, else null. */
  warning(timeZone: string): string | null {
    let best = 0;
    let count = 0;
    for (const [quarters, n] of this.offsets) if (n > count) [best, count] = [quarters, n];
    if (!count || count * 2 < this.checked) return null;
    const hours = best / 4;
    const signed = `${hours > 0 ? '+' : '−'}${formatHours(Math.abs(hours))}`;
    return (
      `the start times are ${signed} off the Asterisk uniqueid (the call's UTC epoch) in ${count} of ${this.checked} rows: ` +
      `the file looks written in a time zone ${formatHours(Math.abs(hours))} ${hours > 0 ? 'ahead of' : 'behind'} ` +
      `${timeZone}, the zone it was read in; re-import it with ?timeZone= set to the switch's zone`
    );
  }
}

function formatHours(h: number): string {
  const whole = Math.floor(h);
  const minutes = Math.round((h - whole) * 60);
  return minutes ? `${whole} h ${minutes} min` : `${whole} h`;
}
