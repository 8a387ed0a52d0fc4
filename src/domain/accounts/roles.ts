import type { Role } from '../../db/schema';
import { AppError } from '../errors';

export type { Role };
export const ROLES: readonly Role[] = ['student', 'teacher', 'admin', 'liaison', 'sysadmin'];

/** Self-registration through any API never grants more than this. */
export const SELF_REGISTRATION_ROLES: readonly Role[] = ['student', 'teacher'];

/**
 * The roles that may do something, with the refusal a role outside them gets. Each domain area
 * declares its own (the roles and the words are its rules); a route names one in its `callers`,
 * from which the HTTP layer both documents (`x-access`) and enforces it (src/http/callers.ts).
 */
export interface RoleGroup {
  readonly roles: readonly Role[];
  /** The error for a role outside `roles` (it may depend on the role, e.g. students get another message). */
  refuse(role: Role): AppError;
}

export const roleGroup = (roles: readonly Role[], refuse: (role: Role) => AppError): RoleGroup => ({ roles, refuse });

export const inGroup = (group: RoleGroup, role: Role): boolean => group.roles.includes(role);

/** Throws the group's refusal unless the role is in it. */
export function assertInGroup(group: RoleGroup, role: Role): void {
  if (!inGroup(group, role)) throw group.refuse(role);
}

/** Administrators of every API: admin and sysadmin. */
export const ADMINS = roleGroup(
  ['admin', 'sysadmin'],
  () => new AppError('forbidden', 'FORBIDDEN', 'Administrator role required', { params: { rule: 'admins' } }),
);
/** The system administrator alone (the audit log, excourse superusers). */
export const SYSADMINS = roleGroup(
  ['sysadmin'],
  () => new AppError('forbidden', 'FORBIDDEN', 'System administrator role required', { params: { rule: 'sysadmins' } }),
);

export const isAdminRole = (role: Role): boolean => inGroup(ADMINS, role);
