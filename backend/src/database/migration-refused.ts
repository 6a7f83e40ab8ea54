/**
 * A migration found data it must not change on its own (e.g. two customers whose account codes differ
 * only in letter case). Nothing was changed; the message lists the rows and how to fix them.
 */
export class MigrationRefusedError extends Error {
  override readonly name = 'MigrationRefusedError';
}
