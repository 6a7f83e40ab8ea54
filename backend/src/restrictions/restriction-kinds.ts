// Names in this file are part of the public API (restriction `kind`).

export const RESTRICTION_KINDS = ['ip', 'seat', 'group', 'destination', 'account'] as const;
export type RestrictionKind = (typeof RESTRICTION_KINDS)[number];

/** A restriction as the lifecycle and the blocklist know it: what is blocked. */
export interface RestrictionSpec {
  kind: RestrictionKind;
  value: string;
}
