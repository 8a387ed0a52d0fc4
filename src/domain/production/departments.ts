import { asc, eq, sql } from 'drizzle-orm';
import { departments, type DepartmentRow } from '../../db/schema';
import { auditInsert } from '../audit/entries';
import type { Principal } from '../auth/principal';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { assertManager } from './roles';

export type Department = DepartmentRow;

export const DEPARTMENT_NAME_MAX = 100;
export const DEPARTMENT_DESCRIPTION_MAX = 500;

export const departmentExists = () => new AppError('conflict', 'DEPARTMENT_ALREADY_EXISTS', 'A department has this name');
export const departmentNotFound = () => new AppError('not_found', 'DEPARTMENT_NOT_FOUND', 'No such department');

export async function listDepartments(deps: Deps): Promise<Department[]> {
  return deps.db.select().from(departments).orderBy(asc(departments.id)).all();
}

/** The department's id if it exists, as a query for a caller's batch: the 404 check and its list in one round trip. */
export function departmentIdQuery(deps: Deps, id: number) {
  return deps.db.select({ id: departments.id }).from(departments).where(eq(departments.id, id));
}

export async function findDepartment(deps: Deps, id: number): Promise<Department | undefined> {
  return deps.db.select().from(departments).where(eq(departments.id, id)).get();
}

/** Departments by name, matched like the unique index (trimmed by the caller, ASCII case-insensitive). */
export async function departmentsByName(deps: Deps, names: readonly string[]): Promise<Map<string, Department>> {
  const found = new Map<string, Department>();
  const lowered = [...new Set(names.map((n) => n.toLowerCase()))];
  // One bound parameter however many names: json_each expands the list inside SQLite.
  for (const row of lowered.length
    ? await deps.db
        .select()
        .from(departments)
        .where(sql`lower(${departments.name}) in (select value from json_each(${JSON.stringify(lowered)}))`)
        .all()
    : []) {
    found.set(row.name.toLowerCase(), row);
  }
  return found;
}

/** The statement that adds a department unless the name is taken (ON CONFLICT DO NOTHING: no row returned then). */
export function insertDepartment(deps: Deps, input: { name: string; description: string }, createdBy: number, now: number) {
  return deps.db
    .insert(departments)
    .values({ name: input.name, description: input.description, createdBy, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning();
}

export async function createDepartment(
  deps: Deps,
  principal: Principal,
  input: { name: string; description?: string | null },
): Promise<Department> {
  assertManager(principal);
  const now = deps.clock.now();
  // Audited in the same batch when this insert made the row (a taken name inserts nothing; a row
  // with this name, creator and millisecond is this insert's).
  const made = sql`lower(${departments.name}) = lower(${input.name}) and ${departments.createdBy} = ${principal.accountId} and ${departments.createdAt} = ${now}`;
  const [[row]] = await deps.db.batch([
    insertDepartment(deps, { name: input.name, description: input.description ?? '' }, principal.accountId, now),
    auditInsert(
      deps,
      {
        actor: principal,
        action: 'department.create',
        target: { type: 'department', id: sql`(select ${departments.id} from ${departments} where ${made})` },
        detail: { name: input.name },
      },
      sql`exists (select 1 from ${departments} where ${made})`,
    ),
  ]);
  if (!row) throw departmentExists();
  return row;
}
