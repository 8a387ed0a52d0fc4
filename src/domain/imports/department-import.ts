import type { BatchItem } from 'drizzle-orm/batch';
import type { Principal } from '../auth/principal';
import type { Deps } from '../deps';
import { DEPARTMENT_DESCRIPTION_MAX, DEPARTMENT_NAME_MAX, departmentsByName, insertDepartment } from '../production/departments';
import { assertManager } from '../production/roles';
import { settleImport, writeInChunks, type ImportResult, type RowError, type RowIssue } from './import-result';
import { asciiLower, mapColumns, readSpreadsheet, type Column, type Headers } from './spreadsheet';

export const MAX_DEPARTMENT_ROWS = 5_000;

export const DEPARTMENT_COLUMNS = [
  { key: 'name', required: true },
  { key: 'description', required: false },
] as const satisfies readonly Column<string>[];

export type DepartmentKey = (typeof DEPARTMENT_COLUMNS)[number]['key'];

interface DepartmentRow {
  rowNumber: number;
  name: string;
  description: string;
}

/** POST /api/import/departments: columns name and optionally description, headed as `headers` spells them; names are unique. */
export async function importDepartments(
  deps: Deps,
  caller: Principal,
  file: Uint8Array,
  headers: Headers<DepartmentKey>,
): Promise<ImportResult> {
  assertManager(caller);
  const rows = mapColumns(readSpreadsheet(file, MAX_DEPARTMENT_ROWS, deps.log), DEPARTMENT_COLUMNS, headers);
  const existing = await departmentsByName(deps, rows.map((r) => r.values.name).filter(Boolean));
  const errors: RowError[] = [];
  const valid: DepartmentRow[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { rowNumber, values: v } of rows) {
    const problems: RowIssue[] = [];
    const key = asciiLower(v.name);
    if (!v.name) problems.push({ code: 'DEPARTMENT_NAME_EMPTY' });
    else if (v.name.length > DEPARTMENT_NAME_MAX) problems.push({ code: 'DEPARTMENT_NAME_TOO_LONG', params: { max: DEPARTMENT_NAME_MAX } });
    else if (firstRowOf.has(key)) problems.push({ code: 'DEPARTMENT_NAME_DUPLICATE_ROW', params: { row: firstRowOf.get(key)! } });
    else if (existing.has(key)) problems.push({ code: 'DEPARTMENT_NAME_TAKEN' });
    if (v.description.length > DEPARTMENT_DESCRIPTION_MAX)
      problems.push({ code: 'DEPARTMENT_DESCRIPTION_TOO_LONG', params: { max: DEPARTMENT_DESCRIPTION_MAX } });
    if (v.name && !firstRowOf.has(key)) firstRowOf.set(key, rowNumber);
    if (problems.length) errors.push({ rowNumber, issues: problems });
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
    () => ({ code: 'DEPARTMENT_NAME_TAKEN' }),
  );
  return settleImport(deps, caller, 'import.departments', { imported: written.imported, errors: [...errors, ...written.errors] });
}
