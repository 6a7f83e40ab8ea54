// Names in this file are part of the public API (restriction `kind`).

export const RESTRICTION_KINDS = ['ip', 'seat', 'group', 'destination', 'destination_class', 'account'] as const;
export type RestrictionKind = (typeof RESTRICTION_KINDS)[number];

/**
 * The values of a `destination_class` restriction: calls leaving the domestic NANP market, calls to Caribbean
 * NANP numbers (non-US, dialled like domestic ones), calls priced above the customer's cap (its max-rate rule).
 */
export const DESTINATION_CLASSES = ['international', 'caribbean', 'premium'] as const;
export type DestinationClass = (typeof DESTINATION_CLASSES)[number];

/** A restriction as the lifecycle and the blocklist know it: what is blocked. */
export interface RestrictionSpec {
  kind: RestrictionKind;
  value: string;
}
