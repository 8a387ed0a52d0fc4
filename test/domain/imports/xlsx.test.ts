import { describe, expect, it } from 'vitest';
import { WORDS } from '../../../src/apis/progress/words';
import { MAX_CELL_CHARS, SheetTooLargeError, SpreadsheetError, TooManyRowsError } from '../../../src/domain/imports/sheet';
import { readXlsx, resolvePart } from '../../../src/domain/imports/xlsx';
import { columnName, writeXlsx } from '../../../src/domain/imports/xlsx-writer';
import { say } from '../../../src/http/words';
import { buildZip, deflatedZeros, sheetXml, workbookParts } from './zip-builder';

const LIMITS = { maxRows: 100, maxInflatedBytes: 30 * 1024 * 1024 };
const cells = (bytes: Uint8Array, limits = LIMITS) => readXlsx(bytes, limits).map((r) => [r.rowNumber, ...r.cells]);

describe('readXlsx', () => {
  it('reads inline strings, numbers and booleans written by the template writer', () => {
    const bytes = writeXlsx([
      ['用户名', '邮箱', '数字', '布尔'],
      ['张三', 'zhang@example.com', 123456, true],
      ['李四 & <王五>', 'li@example.com', 1.5, false],
    ]);
    expect(cells(bytes)).toEqual([
      [1, '用户名', '邮箱', '数字', '布尔'],
      [2, '张三', 'zhang@example.com', '123456', 'TRUE'],
      [3, '李四 & <王五>', 'li@example.com', '1.5', 'FALSE'],
    ]);
  });

  it('reads shared strings (as Excel saves them)', () => {
    const bytes = writeXlsx(
      [
        ['部门名称', '部门描述'],
        ['技术部', '负责技术研发'],
        ['技术部', '同一个共享字符串'],
      ],
      { sharedStrings: true },
    );
    expect(cells(bytes)).toEqual([
      [1, '部门名称', '部门描述'],
      [2, '技术部', '负责技术研发'],
      [3, '技术部', '同一个共享字符串'],
    ]);
  });

  it('keeps sheet row numbers, skips empty rows, and places cells by their reference', () => {
    const sheet = sheetXml(
      '<row r="1"><c r="A1" t="inlineStr"><is><t>h1</t></is></c><c r="C1" t="inlineStr"><is><t>h3</t></is></c></row>' +
        '<row r="2"><c r="A2" t="inlineStr"><is><t>  </t></is></c></row>' +
        '<row r="5"><c r="B5"><v>7</v></c></row>' +
        '<row><c t="inlineStr"><is><t>x</t></is></c><c t="inlineStr"><is><t>y</t></is></c></row>',
    );
    expect(cells(buildZip(workbookParts(sheet)))).toEqual([
      [1, 'h1', '', 'h3'],
      [5, '', '7'],
      [6, 'x', 'y'],
    ]);
  });

  it('joins rich-text runs and leaves out phonetic runs; decodes _xHHHH_ escapes', () => {
    const sst =
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      '<si><r><rPr><b/></rPr><t>富</t></r><r><t xml:space="preserve">文本</t></r><rPh sb="0" eb="1"><t>フ</t></rPh></si>' +
      '<si><t>line_x000D_break</t></si></sst>';
    const sheet = sheetXml('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>');
    expect(cells(buildZip(workbookParts(sheet, { 'xl/sharedStrings.xml': sst })))).toEqual([[1, '富文本', 'line\rbreak']]);
  });

  it('uses cached values of formulas and prefixed (strict) element names', () => {
    const sheet =
      '<x:worksheet xmlns:x="http://purl.oclc.org/ooxml/spreadsheetml/main"><x:sheetData><x:row r="1">' +
      '<x:c r="A1" t="str"><x:f>CONCAT("a","b")</x:f><x:v>ab</x:v></x:c><x:c r="B1"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row></x:sheetData></x:worksheet>';
    expect(cells(buildZip(workbookParts(sheet)))).toEqual([[1, 'ab', '2']]);
  });

  it('reads the first visible sheet, following relationships with absolute and ../ targets', () => {
    const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const parts = workbookParts(sheetXml('<row r="1"><c r="A1" t="inlineStr"><is><t>hidden</t></is></c></row>'), {
      'xl/workbook.xml': `<workbook xmlns:r="${REL}"><sheets><sheet name="H" sheetId="1" state="hidden" r:id="rId1"/><sheet name="V" sheetId="2" r:id="rId9"/></sheets></workbook>`,
      'xl/_rels/workbook.xml.rels': `<Relationships><Relationship Id="rId1" Type="${REL}/worksheet" Target="/xl/worksheets/sheet1.xml"/><Relationship Id="rId9" Type="${REL}/worksheet" Target="../sheets/visible.xml"/></Relationships>`,
      'sheets/visible.xml': sheetXml('<row r="3"><c r="A3" t="inlineStr"><is><t>visible</t></is></c></row>'),
    });
    expect(cells(buildZip(parts))).toEqual([[3, 'visible']]);
    expect(resolvePart('xl/', '/xl/a.xml')).toBe('xl/a.xml');
    expect(resolvePart('xl/', './worksheets/../b.xml')).toBe('xl/b.xml');
  });

  it('stops at the row limit while reading', () => {
    const rows = Array.from({ length: 50 }, (_, i) => [`r${i}`]);
    expect(cells(writeXlsx(rows), { ...LIMITS, maxRows: 50 })).toHaveLength(50);
    expect(() => cells(writeXlsx([...rows, ['one more']]), { ...LIMITS, maxRows: 50 })).toThrow(TooManyRowsError);
  });

  it('a zip bomb sheet stops at the inflate limit: 64 MB of valid, empty rows declared as 1 KB', () => {
    // Blocks of 1 MB hold 87,381 whole units of 12 bytes; the last 4 bytes of a block pad with NULs,
    // so the bomb is one well-formed row element per unit, repeated, and the tokenizer never objects.
    const parts = workbookParts('');
    const body = deflatedZeros(64 * 1024 * 1024, '<row></row>\n');
    const bomb = parts.map((p) => (p.name === 'xl/worksheets/sheet1.xml' ? { ...p, deflated: body, declaredSize: 1000 } : p));
    expect(body.length).toBeLessThan(1024 * 1024);
    expect(() => cells(buildZip(bomb))).toThrow(SheetTooLargeError);
  });

  it('a zip bomb of NUL bytes stops at the first megabyte of text', () => {
    const parts = workbookParts('');
    const bomb = parts.map((p) =>
      p.name === 'xl/worksheets/sheet1.xml' ? { ...p, deflated: deflatedZeros(64 * 1024 * 1024), declaredSize: 1000 } : p,
    );
    expect(() => cells(buildZip(bomb))).toThrow(SpreadsheetError);
  });

  it('files that are not workbooks: SpreadsheetError with a problem worded for people', () => {
    const cases = [
      buildZip([{ name: 'word/document.xml', data: '<w:document/>' }]), // a .docx-like package
      buildZip(workbookParts('<worksheet><sheetData><row><c t="s"><v>0</v></c></row></sheetData></worksheet>')), // shared string, no table
      buildZip(workbookParts('<worksheet><sheetData><row><c t="s"><v>-1</v></c></row></sheetData></worksheet>')),
      buildZip(workbookParts('<worksheet><sheetData><row>')), // truncated XML
      buildZip(workbookParts('<!DOCTYPE x [<!ENTITY a "b">]><worksheet/>')),
      buildZip(workbookParts('<worksheet/>').filter((p) => p.name !== 'xl/worksheets/sheet1.xml')),
      new TextEncoder().encode('PK\u0003\u0004garbage'),
    ];
    for (const [i, bytes] of cases.entries()) {
      let error: unknown;
      try {
        readXlsx(bytes, LIMITS);
      } catch (e) {
        error = e;
      }
      expect(error, `case ${i}`).toBeInstanceOf(SpreadsheetError);
      // The problem's code is worded for people by the API that imports (src/apis/progress/words.ts).
      expect(say(WORDS, (error as SpreadsheetError).problem, { max: MAX_CELL_CHARS }), `case ${i}`).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('a crafted workbook leaves Object.prototype unchanged', () => {
    const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const parts = workbookParts(
      sheetXml(
        '<row r="1" __proto__="x"><c r="A1" t="s" __proto__="polluted"><v>0</v></c><c r="B1" t="inlineStr" constructor="y"><is><t>__proto__</t></is></c></row>' +
          '<row r="2"><c r="A2" t="s"><v>1</v></c></row>',
      ),
      {
        'xl/workbook.xml': `<workbook xmlns:r="${REL}"><sheets><sheet name="__proto__" sheetId="1" r:id="__proto__"/></sheets></workbook>`,
        'xl/_rels/workbook.xml.rels': `<Relationships><Relationship Id="__proto__" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="constructor" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
        'xl/sharedStrings.xml': '<sst><si><t>polluted</t></si><si><t>constructor</t></si></sst>',
      },
    );
    expect(cells(buildZip(parts))).toEqual([
      [1, 'polluted', '__proto__'],
      [2, 'constructor'],
    ]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.constructor).toBe(Object);
  });

  it('columnName counts like Excel', () => {
    expect([0, 25, 26, 27, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'ZZ', 'AAA']);
  });
});
