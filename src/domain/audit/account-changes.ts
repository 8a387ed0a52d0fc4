import type { Role } from '../accounts/roles';
import type { Deps } from '../deps';
import type { AuditAction } from './actions';
import { auditInsert, type AuditActor } from './entries';

/** What an administrator's edit of someone's account changes (fields absent: unchanged). */
export interface AccountChange {
  targetId: number;
  wasActive: boolean;
  isActive?: boolean;
  roleBefore: Role;
  roleAfter: Role;
  passwordChanged: boolean;
  /** Other fields the edit sets, by their API name; values must not be secrets. */
  fields: Record<string, unknown>;
}

/**
 * The audit rows of one account edit, for the edit's own batch: enable/disable, role change,
 * password reset (never the password) and the other fields, one row each, so a filter on
 * `user.disable` finds a disable whichever API did it. Nothing for a user editing themselves.
 */
export function accountChangeAudits(deps: Deps, actor: AuditActor & { role: Role }, c: AccountChange) {
  if (actor.accountId === c.targetId) return [];
  const target = { type: 'account' as const, id: c.targetId };
  const row = (action: AuditAction, detail?: Record<string, unknown>) => auditInsert(deps, { actor, action, target, detail });
  const rows = [];
  if (c.isActive !== undefined && c.isActive !== c.wasActive) rows.push(row(c.isActive ? 'user.enable' : 'user.disable'));
  if (c.roleAfter !== c.roleBefore) rows.push(row('user.role_change', { from: c.roleBefore, to: c.roleAfter }));
  if (c.passwordChanged) rows.push(row('user.password_reset'));
  if (Object.keys(c.fields).length > 0) rows.push(row('user.update', c.fields));
  return rows;
}
