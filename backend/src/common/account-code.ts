// Account codes are case-insensitive: `ACME001` and `acme001` are one account. Every place that
// matches a code (customers, CDRs, authorize, events, restrictions) compares `foldAccountCode` values,
// and the database holds the same rule as a unique index on `lower(account_code)`.

/**
 * The folded form of an account code: ASCII letters lower-cased, nothing else touched. Stored codes are
 * ASCII, so this equals PostgreSQL's `lower(account_code)`; a full Unicode fold would let a code from a CDR
 * file such as `\u212AACME` (Kelvin sign) reach the `KACME` account.
 */
export function foldAccountCode(code: string): string {
  // Most codes arrive folded already (authorize on every call set-up): no replace, no new string.
  return HAS_UPPER.test(code) ? code.replace(UPPER_RUNS, (s) => s.toLowerCase()) : code;
}

const HAS_UPPER = /[A-Z]/;
const UPPER_RUNS = /[A-Z]+/g;
