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
    throw new SpreadsheetError('CSV_NOT_UTF8', 'A CSV file must be UTF-8 encoded');
  }
  if (text.includes('\u0000')) throw new SpreadsheetError('NOT_A_SPREADSHEET', 'NUL bytes: not a text file');
  const collector = new RowCollector(maxRows);
  const delimiter = pickDelimiter(text);
  let cells: string[] = [];
  let field = '';
  let record = 1;
  let i = 0;
  const endField = () => {
    if (field.length > MAX_CELL_CHARS) throw new SpreadsheetError('CELL_TOO_LONG', `A cell holds more than ${MAX_CELL_CHARS} characters`);
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
    if (q === -1) throw new SpreadsheetError('CSV_UNCLOSED_QUOTE', 'A quoted CSV field is never closed');
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
