import { MAX_CELL_CHARS, MAX_COLUMNS, RowCollector, SpreadsheetError, type SheetRow } from './sheet';

/**
 * Reads a CSV file (RFC 4180: quoted fields may hold the delimiter, quotes as "" and line breaks)
 * in UTF-8, with or without a byte-order mark. The delimiter is a comma, or a tab or semicolon when
 * the first line has one of those and no comma. Row numbers count records from 1, as a spreadsheet
 * program shows them.
 */
export function readCsv(bytes: Uint8Array, maxRows: number): SheetRow[] {
  let text: string;
  try {
    // fatal: a file saved in GBK or another legacy encoding is refused, not silently garbled.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new SpreadsheetError('CSV 文件必须是 UTF-8 编码（在 Excel 中另存为“CSV UTF-8”）');
  }
  if (text.includes('\u0000')) throw new SpreadsheetError('不是电子表格文件：请上传 .xlsx 或 UTF-8 编码的 .csv 文件');
  const collector = new RowCollector(maxRows);
  const delimiter = pickDelimiter(text);
  let cells: string[] = [];
  let field = '';
  let record = 1;
  let i = 0;
  const endField = () => {
    if (field.length > MAX_CELL_CHARS) throw new SpreadsheetError(`单元格内容超过 ${MAX_CELL_CHARS} 个字符`);
    if (cells.length < MAX_COLUMNS) cells.push(field);
    field = '';
  };
  const endRecord = () => {
    endField();
    collector.add(record++, cells);
    cells = [];
  };
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' && field === '') {
      const close = quotedEnd(text, i + 1);
      field = text.slice(i + 1, close).replaceAll('""', '"');
      i = close + 1;
      // Anything between the closing quote and the next delimiter is kept, as spreadsheet programs do.
      continue;
    }
    if (c === delimiter) endField();
    else if (c === '\n' || c === '\r') {
      endRecord();
      if (c === '\r' && text[i + 1] === '\n') i++;
    } else field += c;
    i++;
  }
  if (field !== '' || cells.length > 0) endRecord();
  return collector.rows;
}

/** Index of the quote closing a quoted field that starts at `from` (doubled quotes are content). */
function quotedEnd(text: string, from: number): number {
  let i = from;
  for (;;) {
    const q = text.indexOf('"', i);
    if (q === -1) throw new SpreadsheetError('CSV 文件格式错误：引号未闭合');
    if (text[q + 1] === '"') i = q + 2;
    else return q;
  }
}

function pickDelimiter(text: string): string {
  let end = text.search(/[\r\n]/);
  if (end === -1) end = text.length;
  const first = text.slice(0, end);
  if (first.includes(',')) return ',';
  if (first.includes('\t')) return '\t';
  if (first.includes(';')) return ';';
  return ',';
}
