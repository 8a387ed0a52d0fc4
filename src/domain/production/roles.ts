import type { Role } from '../accounts/roles';
import type { Principal } from '../auth/principal';
import { AppError } from '../errors';

/**
 * The progress API's numeric roles (its document's `roles`). Students (learners of other APIs) have
 * none: the progress API refuses them (see docs/progress.md).
 */
export const PROGRESS_ROLES = { 1: 'teacher', 2: 'admin', 3: 'liaison', 4: 'sysadmin' } as const satisfies Record<number, Role>;
export type ProgressRoleNumber = keyof typeof PROGRESS_ROLES;
export type ProgressRole = (typeof PROGRESS_ROLES)[ProgressRoleNumber];

/** Jobs 1-4: course-making teacher, buyer's project lead, producer's liaison, system vendor's project lead. */
export const JOBS = [1, 2, 3, 4] as const;
export type Job = (typeof JOBS)[number];

const NUMBER_BY_ROLE: Record<ProgressRole, ProgressRoleNumber> = { teacher: 1, admin: 2, liaison: 3, sysadmin: 4 };

export const isProgressRole = (role: Role): role is ProgressRole => role in NUMBER_BY_ROLE;
export const roleNumber = (role: ProgressRole): ProgressRoleNumber => NUMBER_BY_ROLE[role];
export const roleFromNumber = (n: number): ProgressRole | null => (n in PROGRESS_ROLES ? PROGRESS_ROLES[n as ProgressRoleNumber] : null);

/** The job an account reads as when nobody chose one (accounts made by other APIs): the one that matches its role. */
export const defaultJob = (role: ProgressRole): Job => NUMBER_BY_ROLE[role];

/** Admins, liaisons and sysadmins run production: they create, assign, update and delete any task and see every user. */
export const isStaff = (role: Role): boolean => role === 'admin' || role === 'liaison' || role === 'sysadmin';
/** Admins and sysadmins manage accounts, departments and imports. */
export const isManager = (role: Role): boolean => role === 'admin' || role === 'sysadmin';

export const forbidden = (message: string) => new AppError('forbidden', 'FORBIDDEN', message);

/** Every authenticated progress route: accounts without a progress role (students) are refused. */
export function assertProgressUser(p: Principal): void {
  if (!isProgressRole(p.role)) throw forbidden('该账号不是进度管理系统用户');
}

export function assertStaff(p: Principal): void {
  assertProgressUser(p);
  if (!isStaff(p.role)) throw forbidden('需要管理员、沟通联络人或系统管理员权限');
}

export function assertManager(p: Principal): void {
  assertProgressUser(p);
  if (!isManager(p.role)) throw forbidden('需要管理员或系统管理员权限');
}

/**
 * Who may create an account of a role: anyone may create a teacher (self-registration); admins and
 * sysadmins may also create admins and liaisons; only a sysadmin may create a sysadmin, so no account
 * can mint one above itself. `creator` is null for an anonymous request.
 */
export function canGrantRole(creator: Role | null, role: ProgressRole): boolean {
  if (role === 'teacher') return true;
  if (creator === 'sysadmin') return true;
  return creator === 'admin' && role !== 'sysadmin';
}
