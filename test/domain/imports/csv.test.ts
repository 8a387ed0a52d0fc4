import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/domain/imports/csv';
import { SpreadsheetError, TooManyRowsError } from '../../../src/domain/imports/sheet';

const enc = (s: string) => new TextEncoder().encode(s);
const rows = (s: string | Uint8Array, max = 100) => readCsv(typeof s === 'string' ? enc(s) : s, max).map((r) => [r.rowNumber, ...r.cells]);

describe('readCsv', () => {
  it('reads UTF-8 with and without a byte-order mark alike', () => {
    const text = '部门名称,部门描述\n技术部,负责技术研发\n';
    const expected = [
      [1, '部门名称', '部门描述'],
      [2, '技术部', '负责技术研发'],
    ];
    expect(rows(text)).toEqual(expected);
    expect(rows(Uint8Array.from([0xef, 0xbb, 0xbf, ...enc(text)]))).toEqual(expected);
  });

  it('follows RFC 4180 quoting: delimiters, doubled quotes and line breaks inside quotes', () => {
    const text = 'a,b,c\r\n"x, y","say ""hi""","two\r\nlines"\r\n"",plain,"tail"after\n';
    expect(rows(text)).toEqual([
      [1, 'a', 'b', 'c'],
      [2, 'x, y', 'say "hi"', 'two\r\nlines'],
      [3, '', 'plain', 'tailafter'],
    ]);
  });

  it('counts blank lines as rows (as a spreadsheet shows them) but returns only non-empty ones', () => {
    expect(rows('h\n\n,,\nv\n')).toEqual([
      [1, 'h'],
      [4, 'v'],
    ]);
  });

  it('takes a tab or semicolon as the delimiter when the first line has one and no comma', () => {
    expect(rows('a\tb\n1\t2')).toEqual([
      [1, 'a', 'b'],
      [2, '1', '2'],
    ]);
    expect(rows('a;b\n1;2')).toEqual([
      [1, 'a', 'b'],
      [2, '1', '2'],
    ]);
  });

  it('refuses text that is not UTF-8 (a GBK file) with a message saying how to save it', () => {
    // "部门" in GBK.
    expect(() => rows(Uint8Array.from([0xb2, 0xbf, 0xc3, 0xc5, 0x0a]))).toThrow(/UTF-8/);
  });

  it('refuses an unclosed quote and NUL bytes', () => {
    expect(() => rows('a,"b\n1,2')).toThrow(SpreadsheetError);
    expect(() => rows('a\u0000b')).toThrow(SpreadsheetError);
  });

  it('stops at the row limit', () => {
    const body = Array.from({ length: 11 }, (_, i) => `r${i}`).join('\n');
    expect(rows(body, 11)).toHaveLength(11);
    expect(() => rows(`${body}\nextra`, 11)).toThrow(TooManyRowsError);
  });

  it('__proto__ and constructor are plain cell text', () => {
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    expect(rows('__proto__,constructor\n{"polluted":1},prototype')).toEqual([
      [1, '__proto__', 'constructor'],
      [2, '{"polluted":1}', 'prototype'],
    ]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
  });
});
