import type { EntityManager } from 'typeorm';
import { foldAccountCode } from '../common/account-code.js';
import { type AppError, conflict } from '../common/app-error.js';
import { CustomerErrorCode } from '../common/error-codes.js';

export interface AccountCodeHolder {
  id: string;
  name: string;
  accountCode: string;
}

/** Customers whose code folds to one of `codes`, other than `exceptId`. */
export async function accountCodeHolders(
  m: EntityManager,
  codes: string[],
  exceptId: string | null = null,
): Promise<AccountCodeHolder[]> {
  if (!codes.length) return [];
  // lower(account_code) is what uq_customer_account_code_folded indexes; the folded inputs are ASCII-lowered alike.
  return m.query(
    `SELECT id, name, account_code AS "accountCode" FROM customers
      WHERE lower(account_code) = ANY($1::text[]) AND ($2::uuid IS NULL OR id <> $2)`,
    [codes.map(foldAccountCode), exceptId],
  );
}

export function accountCodeTaken(wanted: string, holder: AccountCodeHolder): AppError {
  const message =
    wanted === holder.accountCode
      ? `Account code ${wanted} is already used`
      : `Account code ${wanted} is already used as ${holder.accountCode} by customer "${holder.name}" (account codes are case-insensitive)`;
  return conflict(message, CustomerErrorCode.AccountCodeTaken, {
    clash: {
      accountCode: wanted,
      heldBy: { customerId: holder.id, name: holder.name, accountCode: holder.accountCode },
    },
  });
}

/** The folded unique index caught a concurrent insert the pre-check could not see. */
export function isAccountCodeUniqueViolation(e: unknown): boolean {
  return (e as { constraint?: string })?.constraint === 'uq_customer_account_code_folded';
}
