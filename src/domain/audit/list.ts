import { and, count, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import { auditLog } from '../../db/schema';
import type { Deps } from '../deps';

export interface AuditFilter {
  actorId?: number;
  action?: string;
  /** Inclusive bounds, milliseconds UTC. */
  from?: number;
  to?: number;
}

export interface AuditRecord {
  id: number;
  at: number;
  actorId: number | null;
  actorRole: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  detail: Record<string, unknown>;
  requestId: string | null;
}

function parseDetail(text: string | null): Record<string, unknown> {
  if (!text) return {};
  try {
    const v: unknown = JSON.parse(text);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

const toRecord = (r: typeof auditLog.$inferSelect): AuditRecord => ({ ...r, detail: parseDetail(r.detail) });

/**
 * Newest first, in one batch of two statements (the page and the total). Each filter combination is
 * served by an index: actor → (actor_id, at), action → (action, at), neither → (at); the id breaks
 * ties within one millisecond, and every index ends in the rowid, so no sort step is needed.
 */
export async function listAudit(
  deps: Deps,
  filter: AuditFilter,
  page: number,
  pageSize: number,
): Promise<{ rows: AuditRecord[]; total: number }> {
  const conditions: SQL[] = [];
  if (filter.actorId !== undefined) conditions.push(eq(auditLog.actorId, filter.actorId));
  if (filter.action !== undefined) conditions.push(eq(auditLog.action, filter.action));
  if (filter.from !== undefined) conditions.push(gte(auditLog.at, filter.from));
  if (filter.to !== undefined) conditions.push(lte(auditLog.at, filter.to));
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, totals] = await deps.db.batch([
    deps.db
      .select()
      .from(auditLog)
      .where(where)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    deps.db.select({ n: count() }).from(auditLog).where(where),
  ]);
  return { rows: rows.map(toRecord), total: totals[0]?.n ?? 0 };
}
