// The README's authorization table, rendered from the operations' `x-access` metadata (pure: used by
// scripts/authz-table.ts to write it and by readme.test.ts to check it is current).
import type { XAccess } from '../../src/http/callers';
import { ROLE_LIST, roleCell } from './matrix';

export const START = '<!-- authz-matrix:start -->';
export const END = '<!-- authz-matrix:end -->';

type Docs = Record<string, { paths: Record<string, Record<string, any>> }>;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function renderTable(docs: Docs): string {
  const lines = [
    `| API | operation | anonymous | bad token | ${ROLE_LIST.join(' | ')} | owner rule |`,
    `|---|---|---|---|${ROLE_LIST.map(() => '---|').join('')}---|`,
  ];
  for (const api of Object.keys(docs).sort()) {
    for (const [path, item] of Object.entries(docs[api]!.paths)) {
      for (const method of METHODS.filter((m) => item[m])) {
        const a: XAccess | undefined = item[method]['x-access'];
        if (!a) throw new Error(`${method.toUpperCase()} ${path} has no x-access`);
        const anonymous = a.auth === 'required' ? 'no' : 'yes';
        const bad = a.auth === 'public' ? 'ignored' : 'no';
        const owner = a.owner ? `${a.owner.rule}${a.owner.anyRoles ? `; any: ${a.owner.anyRoles.join(', ')}` : ''}` : '';
        lines.push(
          `| ${api} | ${method.toUpperCase()} \`${path}\` | ${anonymous} | ${bad} | ${ROLE_LIST.map((r) => roleCell(a, r)).join(' | ')} | ${owner} |`,
        );
      }
    }
  }
  return lines.join('\n');
}

/** The README with the text between the markers replaced. */
export function withTable(readme: string, table: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${START} … ${END} markers`);
  return `${readme.slice(0, start + START.length)}\n${table}\n${readme.slice(end)}`;
}
