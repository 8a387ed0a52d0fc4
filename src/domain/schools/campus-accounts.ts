import { createAccount, type Account } from '../accounts/accounts';
import { roleGroup } from '../accounts/roles';
import { signInWithLockout } from '../auth/login-throttle';
import type { Deps } from '../deps';
import { AppError } from '../errors';

/**
 * Who signs in on the campus side: a teacher (by e-mail; administrators too) or a student (by
 * username). The campus API numbers them in its `identity` field (src/apis/campus/identity.ts).
 */
export type CampusSide = 'teacher' | 'student';

/** The identifier a side signs in with: teachers their e-mail, students their username. */
export const campusIdentifier = (side: CampusSide, name: string): { email: string } | { username: string } =>
  side === 'teacher' ? { email: name } : { username: name };

/**
 * The account exists but signs in on the other side. `canSwitch` says whether the account can use
 * the other side (students sign in by username, teachers by e-mail; accounts from other APIs may have
 * only one of them), so the API may suggest it.
 */
const wrongSide = (chosen: CampusSide, canSwitch: boolean) =>
  new AppError('unauthenticated', 'WRONG_IDENTITY', `The account does not sign in as a ${chosen}`, {
    params: { chosen, canSwitch: canSwitch ? 'yes' : 'no' },
  });

/** Wrong credentials are the core's INVALID_CREDENTIALS (unauthenticated), counted by the lockout. */
export async function signInCampus(deps: Deps, side: CampusSide, username: string, password: string): Promise<Account> {
  return signInWithLockout(deps, campusIdentifier(side, username), password, (a) => {
    if (side === 'teacher' && a.role === 'student') throw wrongSide(side, !!a.username);
    if (side === 'student' && a.role !== 'student') throw wrongSide(side, !!a.email);
  });
}

/** A teacher signs up with name, e-mail and password; never more than the teacher role. */
export function registerCampusTeacher(deps: Deps, input: { name: string; email: string; password: string }): Promise<Account> {
  return createAccount(
    deps,
    { email: input.email, name: input.name, password: input.password, role: 'teacher' },
    { selfRegistration: true },
  );
}

/**
 * The campus sides as callers: teacher routes take every role but student (administrators
 * included), student routes students. Read from the token, not the account row: every change that
 * could make the token wrong (disable, removal, role change) revokes the account's tokens in KV before
 * it is written (revokeAllSessions), which authenticate() checks on every request, as on every other
 * API; reading the row again cost a D1 round trip on every campus request (bench/RESULTS.md).
 */
export const CAMPUS_TEACHERS = roleGroup(
  ['teacher', 'admin', 'liaison', 'sysadmin'],
  () => new AppError('forbidden', 'TEACHERS_ONLY', 'Teachers only'),
);
export const CAMPUS_STUDENTS = roleGroup(['student'], () => new AppError('forbidden', 'STUDENTS_ONLY', 'Students only'));
