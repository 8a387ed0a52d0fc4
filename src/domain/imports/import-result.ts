import { isD1Outage } from '../../platform/d1-errors';
import type { AuditAction } from '../audit/actions';
import { recordAudit } from '../audit/entries';
import type { Principal } from '../auth/principal';
import type { Deps } from '../deps';
import { AppError, type Params } from '../errors';

/** What can be wrong with an import row (the parameters each carries are named where it is raised). */
export type RowIssueCode =
  // users
  | 'USERNAME_EMPTY'
  | 'USERNAME_TOO_LONG'
  | 'EMAIL_EMPTY'
  | 'EMAIL_INVALID'
  | 'EMAIL_DUPLICATE_ROW'
  | 'EMAIL_TAKEN'
  | 'PASSWORD_EMPTY'
  | 'PASSWORD_LENGTH'
  | 'ROLE_INVALID'
  | 'ROLE_NOT_GRANTABLE'
  | 'JOB_INVALID'
  | 'DEPARTMENT_UNKNOWN'
  // departments (and the users' department column)
  | 'DEPARTMENT_NAME_EMPTY'
  | 'DEPARTMENT_NAME_TOO_LONG'
  | 'DEPARTMENT_NAME_DUPLICATE_ROW'
  | 'DEPARTMENT_NAME_TAKEN'
  | 'DEPARTMENT_DESCRIPTION_TOO_LONG'
  // lesson tasks
  | 'COURSE_NAME_EMPTY'
  | 'COURSE_NAME_TOO_LONG'
  | 'MICRO_LESSON_NAME_EMPTY'
  | 'MICRO_LESSON_NAME_TOO_LONG'
  | 'ADVISE_TOO_LONG'
  | 'TEACHER_EMAIL_EMPTY'
  | 'TEACHER_NOT_FOUND'
  | 'USER_NOT_A_TEACHER'
  | 'TEACHER_DISABLED'
  | 'TEACHER_NO_LONGER_ASSIGNABLE'
  // any row whose chunk failed to write
  | 'ROW_WRITE_FAILED';

/** One thing wrong with a row, as a code with its parameters; the API words it (progress: row 3, e-mail taken). */
export interface RowIssue {
  code: RowIssueCode;
  params?: Params;
}

/** A refused row: its number in the sheet and every issue found in it, in the order they were checked. */
export interface RowError {
  rowNumber: number;
  issues: readonly RowIssue[];
}

export interface ImportResult {
  imported: number;
  errors: RowError[];
}

/** Rows written per D1 batch: one round trip (and one query of the per-invocation budget) for many rows. */
export const ROWS_PER_BATCH = 25;

/** Nothing imported: the import failed as a whole (the progress document's 10012), its row errors with it. */
export class ImportFailed extends AppError {
  constructor(readonly result: ImportResult) {
    super('validation', 'IMPORT_FAILED', `No row imported (${result.errors.length} rows refused)`);
  }
}

/**
 * The end of every import: an import that wrote no row failed (ImportFailed, nothing audited); one that
 * wrote some is audited. Rows are written a chunk per batch, so the audit row follows the import
 * (docs/audit.md).
 */
export async function settleImport(deps: Deps, caller: Principal, action: AuditAction, result: ImportResult): Promise<ImportResult> {
  if (result.imported === 0) throw new ImportFailed(result);
  await recordAudit(deps, { actor: caller, action, detail: { imported: result.imported, rejected_rows: result.errors.length } });
  return result;
}

/**
 * Writes rows a chunk at a time. Each row's statements are built so that they never fail (ON CONFLICT
 * DO NOTHING, INSERT ... SELECT with the row's conditions), so one row cannot undo another; a row
 * whose statements changed nothing is reported with `rejected`. A chunk that fails as a whole (D1
 * unavailable) is reported row by row and the import goes on with the next chunk, unless no row has
 * been imported yet: then a D1 outage is rethrown (503) rather than passed off as a file error.
 */
export async function writeInChunks<T>(
  deps: Deps,
  rows: T[],
  write: (chunk: T[]) => Promise<boolean[]>,
  rowNumber: (row: T) => number,
  rejected: (row: T) => RowIssue,
): Promise<ImportResult> {
  const result: ImportResult = { imported: 0, errors: [] };
  for (let i = 0; i < rows.length; i += ROWS_PER_BATCH) {
    const chunk = rows.slice(i, i + ROWS_PER_BATCH);
    let written: boolean[];
    try {
      written = await write(chunk);
    } catch (e) {
      // Nothing committed yet: an outage is the service's failure, not the file's (503, nothing written).
      if (result.imported === 0 && isD1Outage(e)) throw e;
      deps.log.error('import chunk failed', { error: e instanceof Error ? e.message : String(e), first_row: rowNumber(chunk[0]!) });
      for (const row of chunk) result.errors.push({ rowNumber: rowNumber(row), issues: [{ code: 'ROW_WRITE_FAILED' }] });
      continue;
    }
    chunk.forEach((row, k) => {
      if (written[k]) result.imported++;
      else result.errors.push({ rowNumber: rowNumber(row), issues: [rejected(row)] });
    });
  }
  return result;
}
