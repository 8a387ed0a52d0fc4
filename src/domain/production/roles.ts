import { assertInGroup, inGroup, roleGroup, type Role } from '../accounts/roles';
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

/** A refusal of the progress rules; the code says which (the progress API words it). */
export const forbidden = (code: string, message: string) => new AppError('forbidden', code, message);

export const notProgressUser = () => forbidden('NOT_PROGRESS_USER', 'The account has no progress role');
/** Refused for a role outside a group: accounts without a progress role (students) hear that first. */
const refusal = (code: string, message: string) => (role: Role) => (isProgressRole(role) ? forbidden(code, message) : notProgressUser());

/** Every progress role: accounts of other APIs without one (students) are refused. */
export const PROGRESS_USERS = roleGroup(['teacher', 'admin', 'liaison', 'sysadmin'], notProgressUser);
/** Admins, liaisons and sysadmins run production: they create, assign, update and delete any task and see every user. */
export const STAFF = roleGroup(['admin', 'liaison', 'sysadmin'], refusal('STAFF_ONLY', 'Admin, liaison or sysadmin role required'));
/** Admins and sysadmins manage accounts, departments and imports. */
export const MANAGERS = roleGroup(['admin', 'sysadmin'], refusal('MANAGERS_ONLY', 'Admin or sysadmin role required'));

export const isStaff = (role: Role): boolean => inGroup(STAFF, role);
export const isManager = (role: Role): boolean => inGroup(MANAGERS, role);

/** Every authenticated progress route: accounts without a progress role (students) are refused. */
export function assertProgressUser(p: Principal): void {
  assertInGroup(PROGRESS_USERS, p.role);
}

export function assertStaff(p: Principal): void {
  assertInGroup(STAFF, p.role);
}

export function assertManager(p: Principal): void {
  assertInGroup(MANAGERS, p.role);
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
