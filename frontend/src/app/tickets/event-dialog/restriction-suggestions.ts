import type { RestrictionKind, RestrictionSpec } from '../ticket';

interface EventLike {
  details?: Record<string, unknown> | null;
  restrictions?: readonly { kind: string; value: string }[] | null;
}

const first = (details: Record<string, unknown>, keys: readonly string[]): string | null => {
  for (const key of keys) {
    const v = details[key];
    if (typeof v === 'string' && v.trim()) return v.trim();
    if (Array.isArray(v)) {
      const s = v.find((x): x is string => typeof x === 'string' && x.trim() !== '');
      if (s) return s.trim();
    }
  }
  return null;
};

/**
 * What the restrict dialog starts from: the restrictions the case's events named (a block event's), or else the
 * seat, then the source IP, that the events name. At most five; the NOC edits from there.
 */
export function suggestedRestrictions(events: readonly EventLike[]): RestrictionSpec[] {
  const named = new Map<string, RestrictionSpec>();
  for (const e of events) {
    for (const r of e.restrictions ?? []) {
      named.set(`${r.kind}\n${r.value}`, { kind: r.kind as RestrictionKind, value: r.value });
    }
  }
  if (named.size) return [...named.values()].slice(0, 5);
  for (const [kind, keys] of [
    ['seat', ['seats', 'seat']],
    ['ip', ['ips', 'ip', 'sourceIps', 'sourceIp']],
  ] as const) {
    for (const e of events) {
      const value = e.details ? first(e.details, keys) : null;
      if (value) return [{ kind, value }];
    }
  }
  return [];
}
