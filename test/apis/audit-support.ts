/**
 * Reading audit rows in tests (not a test file itself): rows are selected by actor or target, which
 * each test makes fresh, so files running in parallel never see each other's rows.
 */
import { and, asc, eq, isNull, type SQL } from 'drizzle-orm';
import { auditLog } from '../../src/db/schema';
import { testDeps } from '../helpers/deps';

export type AuditRow = typeof auditLog.$inferSelect;

const rowsWhere = (where: SQL | undefined) => testDeps().db.select().from(auditLog).where(where).orderBy(asc(auditLog.id)).all();

export const auditRowsByActor = (actorId: number) => rowsWhere(eq(auditLog.actorId, actorId));

export const auditRowsOfTarget = (type: string, id: number | string) =>
  rowsWhere(and(eq(auditLog.targetType, type), eq(auditLog.targetId, String(id))));

export const systemRowsAt = (at: number) => rowsWhere(and(isNull(auditLog.actorId), eq(auditLog.at, at)));

export const detailOf = (row: AuditRow) => JSON.parse(row.detail ?? '{}') as Record<string, unknown>;
