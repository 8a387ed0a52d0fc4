import type { BatchItem } from 'drizzle-orm/batch';
import type { Principal } from '../auth/principal';
import type { Deps } from '../deps';
import { DEPARTMENT_DESCRIPTION_MAX, DEPARTMENT_NAME_MAX, departmentsByName, insertDepartment } from '../production/departments';
import { assertManager } from '../production/roles';
import { writeInChunks, type ImportResult, type RowError } from './import-result';
import { asciiLower, mapColumns, readSpreadsheet, type Column } from './spreadsheet';

export const MAX_DEPARTMENT_ROWS = 5_000;

export const DEPARTMENT_COLUMNS = [
  { key: 'name', header: '部门名称', required: true },
  { key: 'description', header: '部门描述', required: false },
] as const satisfies readonly Column<string>[];

interface DepartmentRow {
  rowNumber: number;
  name: string;
  description: string;
}

/** POST /api/import/departments: columns 部门名称 and optionally 部门描述; names are unique. */
export async function importDepartments(deps: Deps, caller: Principal, file: Uint8Array): Promise<ImportResult> {
  assertManager(caller);
  const rows = mapColumns(readSpreadsheet(file, MAX_DEPARTMENT_ROWS, deps.log), DEPARTMENT_COLUMNS);
  const existing = await departmentsByName(deps, rows.map((r) => r.values.name).filter(Boolean));
  const errors: RowError[] = [];
  const valid: DepartmentRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { rowNumber, values: v } of rows) {
    const problems: string[] = [];
    const key = asciiLower(v.name);
    if (!v.name) problems.push('部门名称为空');
    else if (v.name.length > DEPARTMENT_NAME_MAX) problems.push(`部门名称超过${DEPARTMENT_NAME_MAX}个字符`);
    else if (firstRowOf.has(key)) problems.push(`部门名称与第${firstRowOf.get(key)}行重复`);
    else if (existing.has(key)) problems.push('部门名称已存在');
    if (v.description.length > DEPARTMENT_DESCRIPTION_MAX) problems.push(`部门描述超过${DEPARTMENT_DESCRIPTION_MAX}个字符`);
    if (v.name && !firstRowOf.has(key)) firstRowOf.set(key, rowNumber);
    if (problems.length) errors.push({ rowNumber, message: problems.join('，') });
    else valid.push({ rowNumber, name: v.name, description: v.description });
  }
  const written = await writeInChunks(
    deps,
    valid,
    async (chunk) => {
      const now = deps.clock.now();
      const statements = chunk.map((d) => insertDepartment(deps, d, caller.accountId, now));
      const results = await deps.db.batch(statements as unknown as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
      return results.map((r) => Array.isArray(r) && r.length === 1);
    },
    (d) => d.rowNumber,
    () => '部门名称已存在',
  );
  return { imported: written.imported, errors: [...errors, ...written.errors] };
}
