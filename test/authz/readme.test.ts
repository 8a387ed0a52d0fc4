// The README's authorization table is the one the route metadata generates (`npm run authz-table`).
import { describe, expect, it } from 'vitest';
import readme from '../../README.md?raw';
import { documents } from '../fuzz/documents';
import { END, renderTable, START, withTable } from './table';

describe('README authorization table', () => {
  it('is what `npm run authz-table` writes from the committed documents', () => {
    expect(readme).toContain(START);
    expect(withTable(readme, renderTable(documents))).toBe(readme);
  });

  it('has a row for every operation', () => {
    const rows = readme
      .slice(readme.indexOf(START), readme.indexOf(END))
      .split('\n')
      .filter((l) => /^\| [a-z-]+ \| (GET|POST|PUT|PATCH|DELETE) /.test(l));
    const ops = Object.values(documents).reduce(
      (n, d) =>
        n + Object.values(d.paths).reduce((m, item) => m + ['get', 'post', 'put', 'patch', 'delete'].filter((k) => item[k]).length, 0),
      0,
    );
    expect(rows.length).toBe(ops);
  });
});
