import {
  columnOf,
  MAX_CELL_CHARS,
  MAX_COLUMNS,
  rowOf,
  SheetTooLargeError,
  SpreadsheetError,
  TooManyRowsError,
  type SheetLimits,
  type SheetRow,
} from './sheet';
import { XmlError, XmlTokenizer, type XmlHandler } from './xml';
import { InflateLimitError, ZipArchive, ZipError } from './zip';

/**
 * Reads the first visible worksheet of an .xlsx workbook into rows of text. Only the parts a sheet
 * needs are inflated: the package relationships, the workbook and its relationships, the sheet,
 * and the shared strings the sheet's cells refer to (read after the sheet, keeping only those).
 * Values are the cells' cached values as text; formulas, styles and number formats are ignored.
 */
export function readXlsx(bytes: Uint8Array, limits: SheetLimits): SheetRow[] {
  try {
    const zip = new ZipArchive(bytes, limits.maxInflatedBytes);
    const workbookPath = officeDocumentPath(zip);
    const { sheetPath, sharedStringsPath } = firstSheet(zip, workbookPath);
    const shared = new Map<number, string>();
    const sheet = new SheetHandler(limits.maxRows, shared);
    if (!readXml(zip, sheetPath, sheet)) throw new SpreadsheetError('XLSX_SHEET_MISSING', 'The worksheet part is missing');
    if (shared.size > 0) {
      if (!sharedStringsPath || !readXml(zip, sharedStringsPath, new SharedStringsHandler(shared))) {
        throw new SpreadsheetError('XLSX_SHARED_STRINGS_MISSING', 'The shared strings part is missing');
      }
    }
    return sheet.resolve();
  } catch (e) {
    if (e instanceof InflateLimitError) throw new SheetTooLargeError(e.limit);
    // The reader's own (English) reason stays with the error as its cause, for the log, not the client.
    if (e instanceof ZipError || e instanceof XmlError)
      throw new SpreadsheetError('XLSX_UNREADABLE', 'The .xlsx package cannot be read', { cause: e });
    throw e;
  }
}

/** Feeds one part through the tokenizer while it is inflated; false when the archive lacks it. */
function readXml(zip: ZipArchive, path: string, handler: XmlHandler): boolean {
  const tokenizer = new XmlTokenizer(handler);
  const decoder = new TextDecoder();
  const found = zip.read(path, (chunk) => tokenizer.push(decoder.decode(chunk, { stream: true })));
  if (!found) return false;
  tokenizer.push(decoder.decode());
  tokenizer.end();
  return true;
}

interface Relationship {
  type: string;
  target: string;
}

/** Relationships of a part, by id, with targets resolved to part names. */
function relationships(zip: ZipArchive, partPath: string): Map<string, Relationship> {
  const slash = partPath.lastIndexOf('/');
  const dir = partPath.slice(0, slash + 1);
  const relsPath = `${dir}_rels/${partPath.slice(slash + 1)}.rels`;
  const rels = new Map<string, Relationship>();
  readXml(zip, relsPath, {
    open(name, attrs) {
      if (name !== 'Relationship' || attrs.get('TargetMode') === 'External') return;
      const id = attrs.get('Id');
      const target = attrs.get('Target');
      if (id && target) rels.set(id, { type: attrs.get('Type') ?? '', target: resolvePart(dir, target) });
    },
    close() {},
    text() {},
  });
  return rels;
}

/** A relationship target relative to `dir` (or absolute from the package root) as a part name. */
export function resolvePart(dir: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : dir + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

function officeDocumentPath(zip: ZipArchive): string {
  for (const rel of relationships(zip, '').values()) {
    if (rel.type.endsWith('/officeDocument')) return rel.target;
  }
  if (zip.has('xl/workbook.xml')) return 'xl/workbook.xml';
  throw new SpreadsheetError('XLSX_NO_WORKBOOK', 'The package has no workbook');
}

function firstSheet(zip: ZipArchive, workbookPath: string): { sheetPath: string; sharedStringsPath: string | null } {
  const sheets: { rid: string; visible: boolean }[] = [];
  const found = readXml(zip, workbookPath, {
    open(name, attrs) {
      if (name !== 'sheet') return;
      let rid: string | undefined;
      for (const [key, value] of attrs) if (key.endsWith(':id')) rid = value;
      const state = attrs.get('state');
      if (rid) sheets.push({ rid, visible: state !== 'hidden' && state !== 'veryHidden' });
    },
    close() {},
    text() {},
  });
  if (!found) throw new SpreadsheetError('XLSX_NO_WORKBOOK', 'The package has no workbook');
  const rels = relationships(zip, workbookPath);
  const chosen = sheets.find((s) => s.visible) ?? sheets[0];
  const sheetPath = chosen && rels.get(chosen.rid)?.target;
  if (!sheetPath) throw new SpreadsheetError('XLSX_NO_WORKSHEET', 'The workbook has no worksheet');
  let sharedStringsPath: string | null = null;
  for (const rel of rels.values()) if (rel.type.endsWith('/sharedStrings')) sharedStringsPath = rel.target;
  return { sheetPath, sharedStringsPath };
}

/** Excel escapes characters XML cannot carry as `_xHHHH_` in strings. */
function unescapeXString(s: string): string {
  return s.indexOf('_x') === -1 ? s : s.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function capped(text: string): string {
  if (text.length > MAX_CELL_CHARS) throw new SpreadsheetError('CELL_TOO_LONG', `A cell holds more than ${MAX_CELL_CHARS} characters`);
  return text;
}

/** A cell whose value is a shared string, resolved once the shared strings are read. */
interface SharedRef {
  index: number;
}

class SheetHandler implements XmlHandler {
  private readonly pending: { rowNumber: number; cells: (string | SharedRef)[] }[] = [];
  private rowNumber = 0;
  private row: (string | SharedRef)[] | null = null;
  private col = -1;
  private cellType = '';
  private value = '';
  private capture = false;
  private inInline = 0;
  private inPhonetic = 0;
  private inCell = false;

  constructor(
    private readonly maxRows: number,
    private readonly shared: Map<number, string>,
  ) {}

  open(name: string, attrs: ReadonlyMap<string, string>, selfClosing: boolean): void {
    if (name === 'row') {
      const r = attrs.get('r');
      this.rowNumber = (r !== undefined ? rowOf(r) : null) ?? this.rowNumber + 1;
      this.row = [];
      this.col = -1;
      if (selfClosing) this.endRow();
    } else if (name === 'c' && this.row) {
      const r = attrs.get('r');
      this.col = (r !== undefined ? columnOf(r) : null) ?? this.col + 1;
      this.cellType = attrs.get('t') ?? 'n';
      this.value = '';
      this.inCell = !selfClosing;
    } else if (this.inCell) {
      if (name === 'is') this.inInline++;
      else if (name === 'rPh') this.inPhonetic++;
      else if ((name === 'v' && !this.inInline) || (name === 't' && this.inInline && !this.inPhonetic)) this.capture = !selfClosing;
    }
  }

  text(text: string): void {
    if (this.capture) this.value = capped(this.value + text);
  }

  close(name: string): void {
    if (name === 'v' || name === 't') this.capture = false;
    else if (name === 'is') this.inInline = Math.max(0, this.inInline - 1);
    else if (name === 'rPh') this.inPhonetic = Math.max(0, this.inPhonetic - 1);
    else if (name === 'c' && this.inCell) {
      this.inCell = false;
      this.setCell();
    } else if (name === 'row' && this.row) this.endRow();
  }

  private setCell(): void {
    if (!this.row || this.col < 0 || this.col >= MAX_COLUMNS) return;
    let value: string | SharedRef = this.value;
    if (this.cellType === 's') {
      const index = Number(this.value.trim());
      if (!Number.isInteger(index) || index < 0)
        throw new SpreadsheetError('XLSX_SHARED_STRING_INVALID', 'A shared string index is not a whole number');
      this.shared.set(index, '');
      value = { index };
    } else if (this.cellType === 'inlineStr') value = unescapeXString(this.value);
    else if (this.cellType === 'b') value = this.value.trim() === '1' ? 'TRUE' : 'FALSE';
    while (this.row.length < this.col) this.row.push('');
    this.row[this.col] = value;
  }

  private endRow(): void {
    const cells = this.row!;
    this.row = null;
    // Counted now, so a sheet of a million rows stops early; a row whose shared strings all turn out
    // blank is dropped in resolve().
    if (cells.some((c) => typeof c !== 'string' || c.trim() !== '')) {
      if (this.pending.length >= this.maxRows) throw new TooManyRowsError(this.maxRows);
      this.pending.push({ rowNumber: this.rowNumber, cells });
    }
  }

  resolve(): SheetRow[] {
    const rows: SheetRow[] = [];
    for (const p of this.pending) {
      const cells = p.cells.map((c) => (typeof c === 'string' ? c : (this.shared.get(c.index) ?? '')));
      if (cells.some((c) => c.trim() !== '')) rows.push({ rowNumber: p.rowNumber, cells });
    }
    return rows;
  }
}

class SharedStringsHandler implements XmlHandler {
  private index = -1;
  private value = '';
  private inItem = false;
  private capture = false;
  private inPhonetic = 0;

  /** @param wanted indexes the sheet uses; filled in place */
  constructor(private readonly wanted: Map<number, string>) {}

  open(name: string, _attrs: ReadonlyMap<string, string>, selfClosing: boolean): void {
    if (name === 'si') {
      this.index++;
      this.value = '';
      this.inItem = !selfClosing;
    } else if (!this.inItem) return;
    else if (name === 'rPh') this.inPhonetic++;
    else if (name === 't' && !this.inPhonetic && this.wanted.has(this.index)) this.capture = !selfClosing;
  }

  text(text: string): void {
    if (this.capture) this.value = capped(this.value + text);
  }

  close(name: string): void {
    if (name === 't') this.capture = false;
    else if (name === 'rPh') this.inPhonetic = Math.max(0, this.inPhonetic - 1);
    else if (name === 'si' && this.inItem) {
      this.inItem = false;
      if (this.wanted.has(this.index)) this.wanted.set(this.index, unescapeXString(this.value));
    }
  }
}
