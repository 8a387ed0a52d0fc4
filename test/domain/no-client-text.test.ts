import { describe, expect, it } from 'vitest';

/**
 * Issue 17: the domain throws a code with parameters and each API's envelope owns the words its clients
 * read (docs/architecture.md, "Words"). Every API but learning speaks Chinese, so a CJK character in a
 * domain file is client-facing text in the wrong place: it belongs in `src/apis/<api>/words.ts` (or, for
 * a spreadsheet's headers, in the API that documents the file).
 */
const sources = import.meta.glob<string>('../../src/domain/**/*.ts', { query: '?raw', import: 'default', eager: true });

/**
 * Data, not words: catalogue rows the database holds and every API lists as they are, like a course's
 * title (docs/architecture.md, "Words"). A file here holds such data alone, no rule.
 */
const DATA_FILES = new Set([
  // The seeded course categories (D1's course_categories rows).
  '../../src/domain/courses/categories.ts',
  // Achievement definitions: names and descriptions are D1's achievements rows.
  '../../src/domain/achievements/definitions.ts',
]);

/** CJK ideographs, CJK symbols and punctuation (、。「」), fullwidth forms (，：（）). */
const CJK = /[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]/u;

describe('no client-facing text in src/domain', () => {
  it('reads the domain sources', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(50);
  });

  it('no domain file holds CJK text, except the data files', () => {
    const offending = Object.entries(sources)
      .filter(([path]) => !DATA_FILES.has(path))
      .flatMap(([path, text]) =>
        text
          .split('\n')
          .map((line, i) => ({ line, at: `${path.replace('../../', '')}:${i + 1}` }))
          .filter(({ line }) => CJK.test(line))
          .map(({ line, at }) => `${at}: ${line.trim()}`),
      );
    expect(offending).toEqual([]);
  });

  it('every data file exists and still holds data in Chinese (the list stays honest)', () => {
    for (const path of DATA_FILES) {
      expect(sources[path], path).toBeDefined();
      expect(CJK.test(sources[path]!), path).toBe(true);
    }
  });
});
