/**
 * The one source of "now" for the app's own decisions (timers, lifecycle times, SLA clocks).
 * Tests move a ManualClock instead of sleeping.
 */
export abstract class Clock {
  abstract now(): Date;
}

export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}

export class ManualClock extends Clock {
  private t: number;

  constructor(start: Date | string = '2026-01-05T09:00:00Z') {
    super();
    this.t = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.t);
  }

  set(at: Date | string): void {
    this.t = new Date(at).getTime();
  }

  advance(ms: number): Date {
    this.t += ms;
    return this.now();
  }
}
