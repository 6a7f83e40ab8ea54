// One authorize decision: the blocks of the index, emergency numbers, then the real-time rules. Pure.
import type { AuthorizeQuery, BlockEntry, BlocklistIndex, CallFacts, Decision } from './blocklist-index.js';
import { emergencyNumberOf } from './emergency.js';

/** One authorize request the index did not deny: an attempt the real-time rules count. */
export interface Attempt {
  atMs: number;
  query: AuthorizeQuery;
  facts: CallFacts;
}

/** What the real-time rules make of an attempt: why to deny it, and the blocks to put in force at once. */
export interface AttemptVerdict {
  denied: string[];
  blocks: BlockEntry[];
}

/** Counts an attempt; answers synchronously, from memory (it runs on the request path). */
export type AttemptObserver = (attempt: Attempt) => AttemptVerdict | null;

export interface AuthorizeOptions {
  /** Numbers always allowed (digits only). */
  emergency: ReadonlySet<string>;
  atMs: number;
  /** The real-time rules; null when this instance counts nothing. */
  observer: AttemptObserver | null;
}

/**
 * Emergency numbers are allowed whatever applies, and the answer lists what they passed. Otherwise a call the
 * blocks deny is denied without being counted (it costs nothing); a call they allow is an attempt, and the one
 * that crosses a real-time block threshold is denied with the blocks to put in force (`blocks`).
 */
export function authorizeCall(
  index: BlocklistIndex,
  q: AuthorizeQuery,
  opts: AuthorizeOptions,
): { decision: Decision; blocks: BlockEntry[] } {
  const facts = index.facts(q);
  const decision = index.authorize(q, facts);
  const emergency = emergencyNumberOf(q.callee, opts.emergency);
  if (emergency) {
    return {
      decision: {
        decision: 'allow',
        emergency: true,
        reasons: [
          `${emergency} is an emergency number: always allowed`,
          ...decision.reasons.map((r) => `allowed despite: ${r}`),
        ],
      },
      blocks: [],
    };
  }
  if (decision.decision === 'deny') return { decision, blocks: [] };
  const verdict = opts.observer?.({ atMs: opts.atMs, query: q, facts }) ?? null;
  const reasons = [...decision.reasons];
  if (!facts.callee) reasons.push(`callee "${q.callee}" is not a telephone number: no destination rule applies`);
  if (q.accountCode && !facts.customer) {
    reasons.push(`account ${q.accountCode} is not a customer's account code: every customer's blocks apply`);
  }
  const blocks = verdict?.blocks ?? [];
  if (!verdict?.denied.length) return { decision: { decision: 'allow', reasons }, blocks };
  const first = blocks[0];
  return {
    decision: {
      decision: 'deny',
      reasons: [...verdict.denied, ...reasons],
      ...(first && { restriction: { kind: first.kind, value: first.value, source: first.source } }),
    },
    blocks,
  };
}
