import type { Account } from '../accounts/accounts';
import { signInWithLockout } from '../auth/login-throttle';
import type { Deps } from '../deps';
import { AppError } from '../errors';

/** The roles the personal center serves: learners (student) and instructors (teacher). */
export const PERSONAL_CENTER_ROLES = ['student', 'teacher'] as const;

export const roleNotServed = () =>
  new AppError('forbidden', 'ROLE_NOT_SUPPORTED', 'The personal center serves learners and instructors only');

/** Phone and password sign-in with the D1 lockout; other roles (administrators) are refused. */
export async function signInByPhone(deps: Deps, phone: string, password: string): Promise<Account> {
  return signInWithLockout(deps, { phone }, password, (a) => {
    if (!(PERSONAL_CENTER_ROLES as readonly string[]).includes(a.role)) throw roleNotServed();
  });
}
