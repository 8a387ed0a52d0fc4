import type { Role } from '../domain/accounts/roles';

/**
 * Who may call an operation, as the middleware and domain checks enforce it. Every route spreads
 * `access(...)` into its createRoute config; the OpenAPI generator copies the `x-access` key into the
 * operation, where test/authz checks it against the running code and scripts/authz-table.ts renders
 * the README table from it. A route without it fails test/authz.
 */
export interface Access {
  /** public: the Authorization header is never read; optional: anonymous, or a valid token; required: a valid token. */
  auth: 'public' | 'optional' | 'required';
  /** Roles that pass the route's role checks; absent means every role. */
  roles?: readonly Role[];
  /**
   * The operation acts on one account's resource named in the path or body: only that account may,
   * plus the roles in `anyRoles` on anybody's. `rule` says what "owner" means for this resource.
   */
  owner?: { rule: string; anyRoles?: readonly Role[] };
}

export const access = (a: Access) => ({ 'x-access': a }) as const;

export const ADMINS: readonly Role[] = ['admin', 'sysadmin'];
/** The progress API's staff (src/domain/production/roles.ts). */
export const STAFF: readonly Role[] = ['admin', 'liaison', 'sysadmin'];
/** Every role the progress API serves (students have none). */
export const PROGRESS_USERS: readonly Role[] = ['teacher', 'admin', 'liaison', 'sysadmin'];
/** Campus teacher routes: every role but student (src/domain/schools/campus-accounts.ts). */
export const NOT_STUDENTS: readonly Role[] = ['teacher', 'admin', 'liaison', 'sysadmin'];
/** The personal center's two roles (its guards.ts), and each alone. */
export const MEMBERS: readonly Role[] = ['student', 'teacher'];
export const LEARNERS: readonly Role[] = ['student'];
export const INSTRUCTORS: readonly Role[] = ['teacher'];
