import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { assertInGroup, type Role, type RoleGroup } from '../domain/accounts/roles';
import type { Principal } from '../domain/auth/principal';
import type { AppEnv } from '../env';
import { optionalAuth, requireAuth } from './auth';

/**
 * Who may call an operation: the one statement of it, in the route's declaration (`api.route({ callers })`,
 * src/http/define-api.ts). Everything else follows from it: the OpenAPI `security`, the operation's
 * `x-access` (which test/authz checks against the running code and scripts/authz-table.ts renders into
 * the README), and the middleware that reads the token and checks the role.
 */
export interface Callers {
  /** public: the Authorization header is never read; optional: anonymous, or a valid token; required: a valid token. */
  auth: 'public' | 'optional' | 'required';
  /** The roles that pass, with the refusal for the others (a domain group); absent means every role. Enforced before validation. */
  roles?: RoleGroup;
  /**
   * The operation acts on one account's resource named in the path or body: only that account may, plus
   * the roles in `anyRoles` on anybody's. `rule` says what "owner" means. Documented here; the domain
   * enforces it (it needs the resource).
   */
  owner?: { rule: string; anyRoles?: RoleGroup };
}

/** `x-access` as the OpenAPI documents carry it: the declaration with role groups as role lists. */
export interface XAccess {
  auth: Callers['auth'];
  roles?: readonly Role[];
  owner?: { rule: string; anyRoles?: readonly Role[] };
}

export function xAccess({ auth, roles, owner }: Callers): XAccess {
  return {
    auth,
    ...(roles ? { roles: roles.roles } : {}),
    ...(owner ? { owner: { rule: owner.rule, ...(owner.anyRoles ? { anyRoles: owner.anyRoles.roles } : {}) } } : {}),
  };
}

type Security = Record<string, string[]>[];
const BEARER: Security = [{ bearerAuth: [] }];
/** OpenAPI's way to say "a bearer token is optional": the empty requirement beside it. */
const OPTIONAL_BEARER: Security = [{ bearerAuth: [] }, {}];

/**
 * The operation's OpenAPI `security`. A public one says `[]` (no requirement) rather than leaving it
 * out, so that a document-wide default could never make it look protected, and generated clients send
 * no token there.
 */
export function securityOf({ auth }: Callers): Security {
  if (auth === 'required') return BEARER;
  if (auth === 'optional') return OPTIONAL_BEARER;
  return [];
}

/** After the token is read: a caller whose role is outside the group gets the group's refusal (an anonymous one passes where allowed). */
const roleCheck = (group: RoleGroup) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const principal = c.get('principal') as Principal | undefined;
    if (principal) assertInGroup(group, principal.role);
    await next();
  });

/** The middleware that enforces the declaration: the token (read with the API's schemes), then the role. */
export function callerChecks({ auth, roles }: Callers, schemes: readonly string[]): MiddlewareHandler<AppEnv>[] {
  if (auth === 'public') return [];
  return [auth === 'required' ? requireAuth(schemes) : optionalAuth(schemes), ...(roles ? [roleCheck(roles)] : [])];
}
