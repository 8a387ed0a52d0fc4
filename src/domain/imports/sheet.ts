/** What the spreadsheet readers produce and how they fail; shared by the .xlsx and .csv readers. */

/** One non-empty row: its number in the sheet (1-based, as a spreadsheet shows it) and its cells by column. */
export interface SheetRow {
  rowNumber: number;
  cells: string[];
}

export interface SheetLimits {
  /** Non-empty rows, header included; one more stops the reader. */
  maxRows: number;
  /** Bytes inflated from an .xlsx archive, all parts together. */
  maxInflatedBytes: number;
}

/** Only the first columns are read: every import has fewer, and a row of 16,384 cells should not cost memory. */
export const MAX_COLUMNS = 64;
/** Excel's own limit for one cell. */
export const MAX_CELL_CHARS = 32_767;

/**
 * Why a file is not a readable spreadsheet. Each becomes the code of the validation error the
 * import raises, which the API words for the administrator (the message is English, for logs).
 */
export type SheetProblem =
  | 'XLS_UNSUPPORTED'
  | 'NOT_A_SPREADSHEET'
  | 'CSV_NOT_UTF8'
  | 'CSV_UNCLOSED_QUOTE'
  | 'CELL_TOO_LONG'
  | 'XLSX_UNREADABLE'
  | 'XLSX_NO_WORKBOOK'
  | 'XLSX_NO_WORKSHEET'
  | 'XLSX_SHEET_MISSING'
  | 'XLSX_SHARED_STRINGS_MISSING'
  | 'XLSX_SHARED_STRING_INVALID';

/** The file is not a readable spreadsheet: `problem` says why (with the cell limit where it applies). */
export class SpreadsheetError extends Error {
  override name = 'SpreadsheetError';
  constructor(
    readonly problem: SheetProblem,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export class TooManyRowsError extends Error {
  override name = 'TooManyRowsError';
  constructor(readonly maxRows: number) {
    super(`More than ${maxRows} rows`);
  }
}

export class SheetTooLargeError extends Error {
  override name = 'SheetTooLargeError';
  constructor(readonly maxInflatedBytes: number) {
    super(`The sheet inflates to more than ${maxInflatedBytes} bytes`);
  }
}

/** Collects rows, skipping empty ones and stopping at the row limit. */
export class RowCollector {
  readonly rows: SheetRow[] = [];

  constructor(private readonly maxRows: number) {}

  add(rowNumber: number, cells: string[]): void {
    if (!cells.some((c) => c.trim() !== '')) return;
    if (this.rows.length >= this.maxRows) throw new TooManyRowsError(this.maxRows);
    this.rows.push({ rowNumber, cells });
  }
}

/** Zero-based column of a cell reference such as `AB12`; null when it has no column letters. */
export function columnOf(ref: string): number | null {
  let col = 0;
  let i = 0;
  for (; i < ref.length && i < 3; i++) {
    const c = ref.charCodeAt(i) | 0x20; // lower case
    if (c < 97 || c > 122) break;
    col = col * 26 + (c - 96);
  }
  return i === 0 ? null : col - 1;
}

/** Row number of a cell or row reference (`AB12` or `12`); null when absent or out of Excel's range. */
export function rowOf(ref: string): number | null {
  let i = 0;
  while (i < ref.length && (ref.charCodeAt(i) | 0x20) >= 97 && (ref.charCodeAt(i) | 0x20) <= 122) i++;
  const digits = ref.slice(i);
  if (!/^[1-9]\d{0,6}$/.test(digits)) return null;
  const n = Number(digits);
  return n <= 1_048_576 ? n : null;
}
