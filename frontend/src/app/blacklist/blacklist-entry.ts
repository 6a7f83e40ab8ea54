import type { components } from '../core/api.generated';

/** A row of `GET /api/blacklist`: an IP the brute-force detector listed, and what became of it. */
export type BlacklistEntry = components['schemas']['BlacklistEntry'];
export type BlacklistStatus = components['schemas']['BlacklistStatus'];

export const BLACKLIST_STATUSES: readonly BlacklistStatus[] = [
  'blacklisted',
  'watch',
  'trusted',
  'whitelisted',
  'shadow',
];

export const STATUS_LABELS: Readonly<Record<BlacklistStatus, string>> = {
  blacklisted: 'Blacklisted',
  watch: 'Watch',
  trusted: 'Trusted',
  whitelisted: 'Whitelisted',
  shadow: 'Shadow',
};
