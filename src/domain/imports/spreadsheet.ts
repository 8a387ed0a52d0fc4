import { AppError, type Params } from '../errors';
import type { Logger } from '../../platform/logger';
import { readCsv } from './csv';
import { MAX_CELL_CHARS, SheetTooLargeError, SpreadsheetError, TooManyRowsError, type SheetRow } from './sheet';
import { readXlsx } from './xlsx';
import { looksLikeZip } from './zip';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_INFLATED_BYTES = 30 * 1024 * 1024;

/** A column an import reads: its key, and whether a file must have it. */
export interface Column<K extends string> {
  key: K;
  required: boolean;
}

/**
 * The header text of each column: the spreadsheet's wire format, which the API documenting the import
 * owns (src/apis/progress/import-sheets.ts); the import matches header cells against it.
 */
export type Headers<K extends string> = Readonly<Record<K, string>>;

/** A data row with its cells picked by column key (keys are ours, never from the file), trimmed. */
export interface DataRow<K extends string> {
  rowNumber: number;
  values: Record<K, string>;
}

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const BINARY_MAGIC: number[][] = [
  [0x25, 0x50, 0x44, 0x46], // %PDF
  [0x89, 0x50, 0x4e, 0x47], // PNG
  [0xff, 0xd8, 0xff], // JPEG
  [0x47, 0x49, 0x46, 0x38], // GIF
  [0x1f, 0x8b], // gzip
  [0x52, 0x61, 0x72, 0x21], // RAR
  [0x37, 0x7a, 0xbc, 0xaf], // 7z
];
const startsWith = (b: Uint8Array, magic: number[]) => b.length >= magic.length && magic.every((m, i) => b[i] === m);

/** The file cannot be imported: the code says why (a SheetProblem, FILE_EMPTY, MISSING_COLUMNS, ...). */
export const invalidFile = (code: string, message: string, params?: Params) =>
  new AppError('validation', code, message, params ? { params } : {});

/**
 * Reads an uploaded spreadsheet; the kind is decided by the bytes, not the file name: a ZIP
 * package is read as .xlsx, text as UTF-8 CSV, anything else is refused.
 * @param maxDataRows data rows allowed below the header
 */
export function readSpreadsheet(bytes: Uint8Array, maxDataRows: number, log?: Logger): SheetRow[] {
  if (bytes.length === 0) throw invalidFile('FILE_EMPTY', 'The file is empty');
  if (bytes.length > MAX_FILE_BYTES) throw fileTooLarge();
  const limits = { maxRows: maxDataRows + 1, maxInflatedBytes: MAX_INFLATED_BYTES };
  try {
    if (looksLikeZip(bytes)) return readXlsx(bytes, limits);
    if (startsWith(bytes, OLE2)) throw new SpreadsheetError('XLS_UNSUPPORTED', 'An OLE2 file (.xls or an encrypted workbook)');
    if (BINARY_MAGIC.some((m) => startsWith(bytes, m)) || bytes.subarray(0, 8192).includes(0))
      throw new SpreadsheetError('NOT_A_SPREADSHEET', 'A binary file that is no workbook');
    return readCsv(bytes, limits.maxRows);
  } catch (e) {
    if (e instanceof SpreadsheetError) {
      if (e.cause instanceof Error) log?.warn('import file unreadable', { reason: e.cause.message });
      throw invalidFile(e.problem, e.message, e.problem === 'CELL_TOO_LONG' ? { max: MAX_CELL_CHARS } : undefined);
    }
    if (e instanceof TooManyRowsError)
      throw new AppError('too_large', 'TOO_MANY_ROWS', `More than ${maxDataRows} data rows`, { params: { max: maxDataRows } });
    if (e instanceof SheetTooLargeError) {
      throw new AppError('too_large', 'SHEET_TOO_LARGE', `The sheet inflates past ${e.maxInflatedBytes} bytes`, {
        params: { maxBytes: e.maxInflatedBytes },
      });
    }
    throw e;
  }
}

export const fileTooLarge = () =>
  new AppError('too_large', 'FILE_TOO_LARGE', `The file exceeds ${MAX_FILE_BYTES} bytes`, { params: { maxBytes: MAX_FILE_BYTES } });

const normalizeHeader = (h: string) => h.replace(/[\s\u3000]+/g, '').replace(/^\*|\*$/g, '');

/**
 * Matches the header row (the first non-empty row) to the template's columns by name, in any order;
 * columns the template does not know are ignored. Rows below become DataRows. A refusal carries the
 * headers it is about (`column`, `missing`) and the template's (`columns`) as parameters.
 */
export function mapColumns<K extends string>(rows: SheetRow[], columns: readonly Column<K>[], headers: Headers<K>): DataRow<K>[] {
  const [header, ...data] = rows;
  const template = columns.map((c) => headers[c.key]);
  if (!header) throw invalidFile('NO_HEADER_ROW', 'The sheet has no row: the first one must be the header', { columns: template });
  const positions = new Map<K, number>();
  header.cells.forEach((cell, index) => {
    const name = normalizeHeader(cell);
    const column = columns.find((c) => headers[c.key] === name);
    if (!column) return;
    if (positions.has(column.key))
      throw invalidFile('DUPLICATE_HEADER', `The header has column ${column.key} twice`, { column: headers[column.key] });
    positions.set(column.key, index);
  });
  const missing = columns.filter((c) => c.required && !positions.has(c.key));
  if (missing.length) {
    throw invalidFile('MISSING_COLUMNS', `The header lacks ${missing.map((c) => c.key).join(', ')}`, {
      missing: missing.map((c) => headers[c.key]),
      columns: template,
    });
  }
  if (data.length === 0) throw invalidFile('NO_DATA_ROWS', 'No data row below the header');
  return data.map((row) => {
    const values = {} as Record<K, string>;
    for (const c of columns) {
      const at = positions.get(c.key);
      values[c.key] = at === undefined ? '' : (row.cells[at] ?? '').trim();
    }
    return { rowNumber: row.rowNumber, values };
  });
}

/** Lower-cases ASCII letters only, exactly as SQLite's lower() does, so lookups agree with the unique indexes. */
export const asciiLower = (s: string) => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
