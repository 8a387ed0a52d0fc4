import { sql, type SQL } from 'drizzle-orm';
import { accounts, auditLog } from '../../db/schema';
import type { Role } from '../accounts/roles';
import type { Deps } from '../deps';
import { selectRow } from '../production/insert-select';
import type { AuditAction, AuditTargetType } from './actions';

/** Who acted. A Principal fits; without a role the account's current role is read in the same statement. */
export interface AuditActor {
  accountId: number;
  role?: Role;
}

export interface AuditEntry {
  /** null: the system itself (a scheduled run), recorded with actor_role `system`. */
  actor: AuditActor | null;
  action: AuditAction;
  target?: { type: AuditTargetType; id: string | number | SQL } | null;
  detail?: Record<string, unknown>;
}

/** Keys that may hold a credential: dropped from a detail at any depth, whatever a caller passes. */
const SECRET_KEY = /pass(word)?|token|secret|hash|salt|otp|sms|code|credential|authorization|cookie/i;

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => !SECRET_KEY.test(k))
      .map(([k, v]) => [k, withoutSecrets(v)]),
  );
}

export const auditDetailJson = (detail: Record<string, unknown> | undefined): string | null =>
  detail === undefined ? null : JSON.stringify(withoutSecrets(detail));

/**
 * The INSERT of one audit row, for the same db.batch as the action it records, so both commit or
 * neither does. It is an INSERT … SELECT (drizzle's builder: a raw statement with parameters cannot
 * go into db.batch), so `when` can make the row depend on the action's own condition: placed before
 * the action's UPDATE with the same WHERE, the row is written exactly when the UPDATE changes a row.
 */
export function auditInsert(deps: Deps, entry: AuditEntry, when?: SQL) {
  const { actor, target } = entry;
  const actorRole =
    actor === null ? 'system' : (actor.role ?? sql`(select ${accounts.role} from ${accounts} where ${accounts.id} = ${actor.accountId})`);
  const targetId = target == null ? null : typeof target.id === 'number' ? String(target.id) : target.id;
  const row = selectRow(
    auditLog,
    {
      at: deps.clock.now(),
      actorId: actor?.accountId ?? null,
      actorRole,
      action: entry.action,
      targetType: target?.type ?? null,
      targetId,
      detail: auditDetailJson(entry.detail),
      requestId: deps.requestId ?? null,
    },
    when ? sql`where ${when}` : sql``,
  );
  return deps.db.insert(auditLog).select(row);
}

/** Records an action that has already completed and is not one transaction (cleanup runs, imports). */
export async function recordAudit(deps: Deps, entry: AuditEntry): Promise<void> {
  await auditInsert(deps, entry).run();
}
