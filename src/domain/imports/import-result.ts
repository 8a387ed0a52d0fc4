import { isD1Outage } from '../../platform/d1-errors';
import type { Deps } from '../deps';
import { AppError } from '../errors';

export interface RowError {
  rowNumber: number;
  message: string;
}

export interface ImportResult {
  imported: number;
  errors: RowError[];
}

/** Rows written per D1 batch: one round trip (and one query of the per-invocation budget) for many rows. */
export const ROWS_PER_BATCH = 25;

/** The document's wording: `成功导入2条数据。错误信息:第3行邮箱已存在;`. */
export function importSummary(result: ImportResult): string {
  const summary = `成功导入${result.imported}条数据`;
  if (result.errors.length === 0) return summary;
  const sorted = [...result.errors].sort((a, b) => a.rowNumber - b.rowNumber);
  return `${summary}。错误信息:${sorted.map((e) => `第${e.rowNumber}行${e.message};`).join('')}`;
}

/** Nothing imported: the document's 10012 with the row errors in the message. */
export const importFailed = (result: ImportResult) => new AppError('validation', 'IMPORT_FAILED', importSummary(result));

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
  rejected: (row: T) => string,
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
      for (const row of chunk) result.errors.push({ rowNumber: rowNumber(row), message: '写入失败（系统错误），请重新导入该行' });
      continue;
    }
    chunk.forEach((row, k) => {
      if (written[k]) result.imported++;
      else result.errors.push({ rowNumber: rowNumber(row), message: rejected(row) });
    });
  }
  return result;
}
