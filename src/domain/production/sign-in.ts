import { findAccount, type Account } from '../accounts/accounts';
import { signInWithLockout } from '../auth/login-throttle';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { isProgressRole, notProgressUser } from './roles';

/**
 * Password sign-in for the progress API, with its document's distinct answers: 10003 for an unknown
 * e-mail and 10004 for a wrong password. That an e-mail is registered is no secret here (POST
 * /api/users answers 10005 for it), and an unknown e-mail still costs the same hashing time. Both
 * count towards the sign-in lockout (login-throttle.ts), as on every API.
 * Disabled accounts and accounts without a progress role (students of other APIs) are refused.
 */
export async function signInProgressUser(deps: Deps, email: string, password: string): Promise<Account> {
  let account: Account;
  try {
    account = await signInWithLockout(deps, { email }, password, (a) => {
      if (!isProgressRole(a.role)) throw notProgressUser();
    });
  } catch (e) {
    if (e instanceof AppError && e.code === 'INVALID_CREDENTIALS') {
      if (!(await findAccount(deps, { email }))) throw new AppError('unauthenticated', 'USER_NOT_FOUND', 'No account has this e-mail');
      throw new AppError('unauthenticated', 'WRONG_PASSWORD', 'Wrong password');
    }
    // A disabled account (INACTIVE_USER, forbidden) goes out as it is.
    throw e;
  }
  return account;
}
