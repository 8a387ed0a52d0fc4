import type { Account } from '../accounts/accounts';
import { signIn } from '../auth/sessions';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { assertLoginAllowed, clearLoginFailures, recordLoginFailure } from '../auth/login-throttle';

/** The roles the personal center serves: learners (student) and instructors (teacher). */
export const PERSONAL_CENTER_ROLES = ['student', 'teacher'] as const;

export const roleNotServed = () => new AppError('forbidden', 'ROLE_NOT_SUPPORTED', 'The personal center serves learners and instructors only');

/** Phone and password sign-in with the D1 lockout; other roles (administrators) are refused. */
export async function signInByPhone(deps: Deps, phone: string, password: string): Promise<Account> {
  await assertLoginAllowed(deps, `phone:${phone}`);
  let account: Account;
  try {
    account = await signIn(deps, { phone }, password);
  } catch (e) {
    if (e instanceof AppError && e.code === 'INVALID_CREDENTIALS') await recordLoginFailure(deps, `phone:${phone}`);
    throw e;
  }
  await clearLoginFailures(deps, `phone:${phone}`);
  if (!(PERSONAL_CENTER_ROLES as readonly string[]).includes(account.role)) throw roleNotServed();
  return account;
}
