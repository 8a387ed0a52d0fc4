// The expected outcome of every caller kind on an operation, from its `x-access` metadata alone. Pure
// (no workerd imports): test/authz runs it against the Worker and scripts/authz-table.ts renders it.
import type { XAccess } from '../../src/http/callers';
import type { Role } from '../../src/domain/accounts/roles';

export const ROLE_LIST: readonly Role[] = ['student', 'teacher', 'admin', 'liaison', 'sysadmin'];
/** Refused wherever a token is read: malformed, expired, signed out, signed with another key (claiming sysadmin), a refresh token. */
export const BAD_TOKENS = ['malformed', 'expired', 'revoked', 'forged', 'refresh'] as const;
/** `owner`: the account that owns the resource acted on; `other`: one of the same role owning a different one. */
export type Caller = 'none' | (typeof BAD_TOKENS)[number] | Role | 'owner' | 'other';
export const CALLERS: readonly Caller[] = ['none', ...BAD_TOKENS, ...ROLE_LIST, 'owner', 'other'];

export type Outcome = 'allow' | 'deny';

/**
 * Role tokens belong to fresh accounts that own nothing, so on an owner-scoped operation a role outside
 * `anyRoles` is refused there even when it is in `roles`: it may act on its own resources only.
 */
export function expected(a: XAccess, caller: Caller, ownerRole: Role): Outcome {
  if (a.auth === 'public') return 'allow';
  if (caller === 'none') return a.auth === 'optional' ? 'allow' : 'deny';
  if ((BAD_TOKENS as readonly string[]).includes(caller)) return 'deny';
  const role = caller === 'owner' || caller === 'other' ? ownerRole : (caller as Role);
  if (a.roles && !a.roles.includes(role)) return 'deny';
  if (!a.owner || caller === 'owner') return 'allow';
  return a.owner.anyRoles?.includes(role) ? 'allow' : 'deny';
}

/** The role that owns the resources of an operation in the fixtures: the first allowed one past `anyRoles`. */
export function ownerRoleOf(a: XAccess): Role {
  const roles = a.roles ?? ROLE_LIST;
  return roles.find((r) => !a.owner?.anyRoles?.includes(r)) ?? roles[0]!;
}

/** One README cell per role: yes, no, or `own` (only on resources the caller owns). */
export function roleCell(a: XAccess, role: Role): string {
  if (a.auth === 'public') return 'yes';
  if (a.roles && !a.roles.includes(role)) return 'no';
  if (a.owner && !a.owner.anyRoles?.includes(role)) return 'own';
  return 'yes';
}
