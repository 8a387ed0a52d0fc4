import { asc, eq, sql } from 'drizzle-orm';
import { departments, type DepartmentRow } from '../../db/schema';
import type { Principal } from '../auth/principal';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { assertManager } from './roles';

export type Department = DepartmentRow;

export const DEPARTMENT_NAME_MAX = 100;
export const DEPARTMENT_DESCRIPTION_MAX = 500;

export const departmentExists = () => new AppError('conflict', 'DEPARTMENT_ALREADY_EXISTS', '部门名称已存在');
export const departmentNotFound = () => new AppError('not_found', 'DEPARTMENT_NOT_FOUND', '部门不存在');

export async function listDepartments(deps: Deps): Promise<Department[]> {
  return deps.db.select().from(departments).orderBy(asc(departments.id)).all();
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

export async function createDepartment(deps: Deps, principal: Principal, input: { name: string; description?: string | null }): Promise<Department> {
  assertManager(principal);
  const row = await insertDepartment(deps, { name: input.name, description: input.description ?? '' }, principal.accountId, deps.clock.now()).get();
  if (!row) throw departmentExists();
  return row;
}
