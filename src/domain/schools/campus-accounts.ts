import { createAccount, type Account } from '../accounts/accounts';
import { roleGroup } from '../accounts/roles';
import { signInWithLockout } from '../auth/login-throttle';
import type { Deps } from '../deps';
import { AppError } from '../errors';

/** Campus identities: 1 teacher (signs in with e-mail; administrators too), 2 student (username). */
export type CampusIdentity = 1 | 2;

const refused = (message: string) => new AppError('unauthenticated', 'INVALID_CREDENTIALS', message);
const wrongIdentity = (message: string) => new AppError('unauthenticated', 'WRONG_IDENTITY', message);

export async function signInCampus(deps: Deps, identity: CampusIdentity, username: string, password: string): Promise<Account> {
  let account: Account;
  try {
    account = await signInWithLockout(deps, identity === 1 ? { email: username } : { username }, password, (a) => {
      // The hint names the other identity only when the account can use it (students sign in by
      // username, teachers by e-mail; accounts from other APIs may have only one of them).
      if (identity === 1 && a.role === 'student') throw wrongIdentity(a.username ? '该账号不是教师账号，请选择学生身份登录' : '该账号不是教师账号');
      if (identity === 2 && a.role !== 'student') throw wrongIdentity(a.email ? '该账号不是学生账号，请选择教师身份登录' : '该账号不是学生账号');
    });
  } catch (e) {
    if (e instanceof AppError && e.code === 'INVALID_CREDENTIALS') throw refused('账号或密码错误');
    throw e;
  }
  return account;
}

/** A teacher signs up with name, e-mail and password; never more than the teacher role. */
export function registerCampusTeacher(deps: Deps, input: { name: string; email: string; password: string }): Promise<Account> {
  return createAccount(deps, { email: input.email, name: input.name, password: input.password, role: 'teacher' }, { selfRegistration: true });
}

/**
 * The campus identities as callers: teacher routes take every role but student (administrators
 * included), student routes students. Read from the token, not the account row: every change that
 * could make the token wrong (disable, removal, role change) revokes the account's tokens in KV before
 * it is written (revokeAllSessions), which authenticate() checks on every request, as on every other
 * API; reading the row again cost a D1 round trip on every campus request (bench/RESULTS.md).
 */
export const CAMPUS_TEACHERS = roleGroup(['teacher', 'admin', 'liaison', 'sysadmin'], () => new AppError('forbidden', 'TEACHERS_ONLY', '仅教师可访问'));
export const CAMPUS_STUDENTS = roleGroup(['student'], () => new AppError('forbidden', 'STUDENTS_ONLY', '仅学生可访问'));
