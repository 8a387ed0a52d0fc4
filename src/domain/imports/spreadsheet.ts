import { AppError } from '../errors';
import type { Logger } from '../../platform/logger';
import { readCsv } from './csv';
import { SheetTooLargeError, SpreadsheetError, TooManyRowsError, type SheetRow } from './sheet';
import { readXlsx } from './xlsx';
import { looksLikeZip } from './zip';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const MAX_INFLATED_BYTES = 30 * 1024 * 1024;

export interface Column<K extends string> {
  key: K;
  header: string;
  required: boolean;
}

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

export const invalidFile = (message: string) => new AppError('validation', 'INVALID_FILE', message);

/**
 * Reads an uploaded spreadsheet; the kind is decided by the bytes, not the file name: a ZIP
 * package is read as .xlsx, text as UTF-8 CSV, anything else is refused.
 * @param maxDataRows data rows allowed below the header
 */
export function readSpreadsheet(bytes: Uint8Array, maxDataRows: number, log?: Logger): SheetRow[] {
  if (bytes.length === 0) throw invalidFile('文件为空');
  if (bytes.length > MAX_FILE_BYTES) throw fileTooLarge();
  const limits = { maxRows: maxDataRows + 1, maxInflatedBytes: MAX_INFLATED_BYTES };
  try {
    if (looksLikeZip(bytes)) return readXlsx(bytes, limits);
    if (startsWith(bytes, OLE2)) throw new SpreadsheetError('不支持 .xls 格式或加密的工作簿：请在 Excel 中另存为 .xlsx 后上传');
    if (BINARY_MAGIC.some((m) => startsWith(bytes, m)) || bytes.subarray(0, 8192).includes(0)) throw new SpreadsheetError('不是电子表格文件：请上传 .xlsx 或 UTF-8 编码的 .csv 文件');
    return readCsv(bytes, limits.maxRows);
  } catch (e) {
    if (e instanceof SpreadsheetError) {
      if (e.cause instanceof Error) log?.warn('import file unreadable', { reason: e.cause.message });
      throw invalidFile(e.message);
    }
    if (e instanceof TooManyRowsError) throw new AppError('too_large', 'TOO_MANY_ROWS', `数据行数超过上限：每次最多导入 ${maxDataRows} 行`);
    if (e instanceof SheetTooLargeError) {
      throw new AppError('too_large', 'SHEET_TOO_LARGE', `文件解压后超过 ${e.maxInflatedBytes / 1024 / 1024} MB，不予处理`);
    }
    throw e;
  }
}

export const fileTooLarge = () => new AppError('too_large', 'FILE_TOO_LARGE', `文件不能超过 ${MAX_FILE_BYTES / 1024 / 1024} MB`);

const normalizeHeader = (h: string) => h.replace(/[\s\u3000]+/g, '').replace(/^\*|\*$/g, '');

/**
 * Matches the header row (the first non-empty row) to the template's columns by name, in any order;
 * columns the template does not know are ignored. Rows below become DataRows.
 */
export function mapColumns<K extends string>(rows: SheetRow[], columns: readonly Column<K>[]): DataRow<K>[] {
  const [header, ...data] = rows;
  const template = columns.map((c) => c.header).join('、');
  if (!header) throw invalidFile(`文件中没有数据：第一行应为表头（${template}）`);
  const positions = new Map<K, number>();
  header.cells.forEach((cell, index) => {
    const name = normalizeHeader(cell);
    const column = columns.find((c) => c.header === name);
    if (!column) return;
    if (positions.has(column.key)) throw invalidFile(`表头中“${column.header}”列出现了两次`);
    positions.set(column.key, index);
  });
  const missing = columns.filter((c) => c.required && !positions.has(c.key)).map((c) => `“${c.header}”`);
  if (missing.length) throw invalidFile(`表头与模板不符：缺少${missing.join('、')}列。模板表头为：${template}`);
  if (data.length === 0) throw invalidFile('文件中没有数据行：表头下方至少需要一行数据');
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
