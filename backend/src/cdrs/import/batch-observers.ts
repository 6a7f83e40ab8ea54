import { Injectable, Logger } from '@nestjs/common';
import type { CdrBatch } from './cdr-batch.js';

/** Sees the rows each import batch newly stored (detectors). */
export interface CdrBatchObserver {
  /** Names the observer in logs. */
  readonly name: string;
  /**
   * Called after a batch commits, once per batch with at least one new row (a re-import calls nothing).
   * One import's batches come in commit order, one at a time; those of concurrent imports may interleave.
   * The batch is the observer's to keep. A throw or a rejection is logged and never fails the import.
   */
  observe(batch: CdrBatch): void | Promise<void>;
  /**
   * Several committed batches of one import at once, in commit order: what an observer that fell behind is
   * handed, so it can judge them in one pass. Without it, `observe` is called for each in turn.
   */
  observeMany?(batches: readonly CdrBatch[]): void | Promise<void>;
  /**
   * Stored calls of these customers changed without being new (a re-import moved rows to another start): called
   * synchronously after the commit, so an observer that keeps what it saw of the stored calls forgets it.
   */
  historyChanged?(customerIds: readonly string[]): void;
  /**
   * Called synchronously as soon as a batch commits, before `observe` gets it (which may be later, when observers
   * are busy): an observer that keeps what is stored learns of the batch at once. Must be cheap; must not throw.
   */
  committed?(batch: CdrBatch): void;
}

/** How long an import waits for one observer on one batch. */
export const OBSERVER_TIMEOUT_MS = 10_000;

/**
 * Where detectors register for the importer's batches. The import hands its committed batches to its observers in
 * commit order while it goes on parsing and committing (at most a few batches ahead of them); the batches that
 * committed while the observers were busy are handed over together, so observers that fall behind catch up in
 * fewer, larger passes. The import answers only once they have seen every batch, so their results are stored
 * before the import answers. Each wait is bounded, so a stuck observer delays an import but cannot hang it.
 */
@Injectable()
export class CdrBatchObservers {
  private readonly logger = new Logger(CdrBatchObservers.name);
  private observers: readonly CdrBatchObserver[] = [];
  timeoutMs = OBSERVER_TIMEOUT_MS;

  /** Adds an observer; the returned function removes it. Imports under way see it from their next batch. */
  register(observer: CdrBatchObserver): () => void {
    this.observers = [...this.observers, observer];
    return () => {
      this.observers = this.observers.filter((o) => o !== observer);
    };
  }

  get size(): number {
    return this.observers.length;
  }

  /** Tells every observer that a batch committed (see CdrBatchObserver.committed). */
  committed(batch: CdrBatch): void {
    for (const o of this.observers) {
      try {
        o.committed?.(batch);
      } catch (err) {
        this.logger.error(`observer ${o.name} on a committed batch: ${reason(err)}`);
      }
    }
  }

  /** Tells every observer that stored calls of these customers moved or went (see CdrBatchObserver). */
  historyChanged(customerIds: readonly string[]): void {
    for (const o of this.observers) {
      try {
        o.historyChanged?.(customerIds);
      } catch (err) {
        this.logger.error(`observer ${o.name} on changed history: ${reason(err)}`);
      }
    }
  }

  /**
   * Hands the batches (one import's, in commit order) to every observer at once and waits for them; resolves to
   * how many calls failed or timed out.
   */
  async notify(batches: readonly CdrBatch[]): Promise<number> {
    const outcomes = await Promise.all(
      this.observers.map(async (o) => {
        if (o.observeMany) return [await this.call(o, batches, () => o.observeMany!(batches))];
        const each: boolean[] = [];
        for (const b of batches) each.push(await this.call(o, [b], () => o.observe(b)));
        return each;
      }),
    );
    return outcomes.flat().filter((ok) => !ok).length;
  }

  private async call(
    observer: CdrBatchObserver,
    batches: readonly CdrBatch[],
    observe: () => void | Promise<void>,
  ): Promise<boolean> {
    const rows = batches.reduce((n, b) => n + b.length, 0);
    const what =
      `observer ${observer.name} on ${rows} rows ` +
      `${batches.length > 1 ? `(${batches.length} batches) ` : ''}of import ${batches[0]?.importId}`;
    let timer: NodeJS.Timeout | undefined;
    try {
      const done = Promise.resolve().then(observe);
      const timedOut = new Promise<'timeout'>(
        (resolve) => (timer = setTimeout(() => resolve('timeout'), this.timeoutMs)),
      );
      if ((await Promise.race([done, timedOut])) !== 'timeout') return true;
      this.logger.error(`${what}: no answer after ${this.timeoutMs} ms; the import goes on without it`);
      done.catch((err) => this.logger.error(`${what} failed after its timeout: ${reason(err)}`));
      return false;
    } catch (err) {
      this.logger.error(`${what} failed: ${reason(err)}`);
      return false;
    } finally {
      clearTimeout(timer);
    }
  }
}

const reason = (err: unknown) => (err instanceof Error ? (err.stack ?? err.message) : String(err));
