import type { Role } from '../../db/schema';

export type { Role };
export const ROLES: readonly Role[] = ['student', 'teacher', 'admin', 'liaison', 'sysadmin'];

/** Self-registration through any API never grants more than this. */
export const SELF_REGISTRATION_ROLES: readonly Role[] = ['student', 'teacher'];

export const isAdminRole = (role: Role): boolean => role === 'admin' || role === 'sysadmin';
