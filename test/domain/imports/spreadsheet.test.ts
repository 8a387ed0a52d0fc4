import { describe, expect, it } from 'vitest';
import { WORDS } from '../../../src/apis/progress/words';
import { AppError } from '../../../src/domain/errors';
import {
  asciiLower,
  mapColumns,
  MAX_FILE_BYTES,
  readSpreadsheet,
  type Column,
  type Headers,
} from '../../../src/domain/imports/spreadsheet';
import { writeXlsx } from '../../../src/domain/imports/xlsx-writer';
import { say } from '../../../src/http/words';
import { buildZip, deflatedZeros, workbookParts } from './zip-builder';

const enc = (s: string) => new TextEncoder().encode(s);

function errorOf(fn: () => unknown): AppError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return e as AppError;
  }
  throw new Error('expected an AppError');
}

/** What the progress API shows for a refusal (the domain raises codes; src/apis/progress/words.ts words them). */
const shown = (e: AppError) => say(WORDS, e.code, e.params);

const COLUMNS: readonly Column<'name' | 'email' | 'note'>[] = [
  { key: 'name', required: true },
  { key: 'email', required: true },
  { key: 'note', required: false },
];
const HEADERS: Headers<'name' | 'email' | 'note'> = { name: '用户名', email: '邮箱', note: '备注' };

describe('readSpreadsheet: the kind comes from the bytes', () => {
  it('an .xlsx and the same rows as CSV read alike', () => {
    const data = [
      ['用户名', '邮箱'],
      ['张三', 'z@example.com'],
    ];
    const fromXlsx = readSpreadsheet(writeXlsx(data), 10);
    const fromCsv = readSpreadsheet(enc('\uFEFF用户名,邮箱\r\n张三,z@example.com\r\n'), 10);
    expect(fromXlsx).toEqual(fromCsv);
    expect(fromXlsx.map((r) => r.cells)).toEqual(data);
  });

  it('not a spreadsheet: 10001-style validation errors, each with a code the progress API words clearly', () => {
    const cases: [Uint8Array, string, RegExp][] = [
      [new Uint8Array(0), 'FILE_EMPTY', /文件为空/],
      [Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'XLS_UNSUPPORTED', /\.xls/],
      [enc('%PDF-1.7 ...'), 'NOT_A_SPREADSHEET', /不是电子表格文件/],
      [Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'NOT_A_SPREADSHEET', /不是电子表格文件/],
      [Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0]), 'NOT_A_SPREADSHEET', /不是电子表格文件/], // an ELF binary
      [buildZip([{ name: 'word/document.xml', data: '<w:document/>' }]), 'XLSX_NO_WORKBOOK', /xlsx/],
    ];
    for (const [bytes, code, message] of cases) {
      const e = errorOf(() => readSpreadsheet(bytes, 10));
      expect(e.kind).toBe('validation');
      expect(e.code).toBe(code);
      expect(shown(e)).toMatch(message);
    }
  });

  it('over 5 MB, over the row limit, or inflating past 30 MB: too_large', () => {
    expect(errorOf(() => readSpreadsheet(new Uint8Array(MAX_FILE_BYTES + 1).fill(0x41), 10)).code).toBe('FILE_TOO_LARGE');
    const tooMany = errorOf(() => readSpreadsheet(enc(['h', ...Array.from({ length: 11 }, (_, i) => `r${i}`)].join('\n')), 10));
    expect([tooMany.kind, tooMany.code]).toEqual(['too_large', 'TOO_MANY_ROWS']);
    expect(tooMany.params).toEqual({ max: 10 });
    expect(shown(tooMany)).toContain('10');
    const bomb = workbookParts('').map((p) =>
      p.name === 'xl/worksheets/sheet1.xml' ? { ...p, deflated: deflatedZeros(40 * 1024 * 1024, '<row></row>\n') } : p,
    );
    const big = errorOf(() => readSpreadsheet(buildZip(bomb), 10));
    expect([big.kind, big.code]).toEqual(['too_large', 'SHEET_TOO_LARGE']);
  });
});

describe('mapColumns', () => {
  const sheet = (...rows: string[][]) => rows.map((cells, i) => ({ rowNumber: i + 1, cells }));

  it('matches headers by name in any order, trims cells, ignores unknown columns, fills optional ones', () => {
    const rows = mapColumns(sheet([' 邮箱 ', '其他', '*用户名'], [' a@x.com ', 'ignored', '张三'], ['b@x.com']), COLUMNS, HEADERS);
    expect(rows).toEqual([
      { rowNumber: 2, values: { name: '张三', email: 'a@x.com', note: '' } },
      { rowNumber: 3, values: { name: '', email: 'b@x.com', note: '' } },
    ]);
  });

  it('wrong headers name the missing columns and the template', () => {
    const e = errorOf(() => mapColumns(sheet(['姓名', 'email'], ['x', 'y']), COLUMNS, HEADERS));
    expect(e.code).toBe('MISSING_COLUMNS');
    expect(e.params).toEqual({ missing: ['用户名', '邮箱'], columns: ['用户名', '邮箱', '备注'] });
    expect(shown(e)).toContain('缺少“用户名”、“邮箱”列');
    expect(shown(e)).toContain('用户名、邮箱、备注');
  });

  it('an empty sheet, a header without rows, and a repeated header are refused', () => {
    expect(shown(errorOf(() => mapColumns([], COLUMNS, HEADERS)))).toMatch(/没有数据/);
    expect(shown(errorOf(() => mapColumns(sheet(['用户名', '邮箱']), COLUMNS, HEADERS)))).toMatch(/没有数据行/);
    expect(shown(errorOf(() => mapColumns(sheet(['用户名', '邮箱', '邮箱'], ['a', 'b', 'c']), COLUMNS, HEADERS)))).toMatch(/出现了两次/);
  });

  it('asciiLower lowers ASCII only, like SQLite', () => {
    expect(asciiLower('ABC-Ä-技术')).toBe('abc-Ä-技术');
  });
});
