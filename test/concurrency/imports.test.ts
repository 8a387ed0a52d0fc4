import { eq, inArray, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, departments, progressProfiles } from '../../src/db/schema';
import { writeXlsx } from '../../src/domain/imports/xlsx-writer';
import { fileForm, makeDepartment, unique } from '../apis/progress/support';
import { testDeps } from '../helpers/deps';
import type { CallResult } from '../helpers/http';
import { actor, uniqueEmail } from './actors';
import { burst, request } from './burst';

// Progress spreadsheet imports: the same sheet sent several times at once.
const N = 8;
const ROWS = 10;
const upload = (path: string, token: string, bytes: Uint8Array) => request('POST', path, { token, body: fileForm(bytes) });

/** Rows imported by one response: 200 成功导入n条数据…, or 400/10012 when none was. */
function importedBy(r: CallResult): number {
  const text: string = r.status === 200 ? r.body.data : r.body.message;
  expect([200, 400], r.text).toContain(r.status);
  if (r.status === 400) expect(r.body.code).toBe(10012);
  return Number(/成功导入(\d+)条数据/.exec(text)?.[1] ?? NaN);
}

describe(`one user sheet imported ${N} times at once`, () => {
  it(`each of the ${ROWS} users exists once, with one profile; the responses' counts add up to ${ROWS}; the rest say 邮箱已存在`, async () => {
    const admin = await actor('sysadmin');
    const d = await makeDepartment();
    const emails = Array.from({ length: ROWS }, () => uniqueEmail('imp'));
    const sheet = writeXlsx([['用户名', '邮箱', '密码', '部门名称'], ...emails.map((e, i) => [`导入${i}`, e, 'password-1', d.name])]);
    const results = await burst(N, () => upload('/api/import/users', admin.token, sheet));
    expect(results.reduce((n, r) => n + importedBy(r), 0)).toBe(ROWS);
    for (const r of results) {
      const text: string = r.status === 200 ? r.body.data : r.body.message;
      expect(text.match(/第\d+行邮箱已存在;/g)?.length ?? 0).toBe(ROWS - importedBy(r));
    }
    const rows = await testDeps()
      .db.select({ id: accounts.id, email: accounts.email, profile: progressProfiles.accountId })
      .from(accounts)
      .leftJoin(progressProfiles, eq(progressProfiles.accountId, accounts.id))
      .where(
        inArray(
          sql`lower(${accounts.email})`,
          emails.map((e) => e.toLowerCase()),
        ),
      )
      .all();
    expect(rows).toHaveLength(ROWS);
    expect(rows.every((r) => r.profile === r.id)).toBe(true);
  });
});

describe(`one department sheet imported ${N} times at once`, () => {
  it('each department exists once; the responses’ counts add up to the sheet', async () => {
    const admin = await actor('sysadmin');
    const names = Array.from({ length: 5 }, () => unique('导入部门'));
    const sheet = writeXlsx([['部门名称', '部门描述'], ...names.map((n) => [n, '并发导入'])]);
    const results = await burst(N, () => upload('/api/import/departments', admin.token, sheet));
    expect(results.reduce((n, r) => n + importedBy(r), 0)).toBe(names.length);
    const rows = await testDeps().db.select().from(departments).where(inArray(departments.name, names)).all();
    expect(rows.map((r) => r.name).sort()).toEqual([...names].sort());
  });
});
