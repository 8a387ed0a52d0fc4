import { sql } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import { z } from 'zod';
import { accounts } from '../../db/schema';
import { hashPassword } from '../../platform/passwords';
import type { Principal } from '../auth/principal';
import type { Deps } from '../deps';
import { departmentsByName } from '../production/departments';
import { assertManager, canGrantRole, JOBS, roleFromNumber, type Job, type ProgressRole } from '../production/roles';
import { newUserStatements, USERNAME_MAX, PASSWORD_MIN, PASSWORD_MAX, EMAIL_MAX } from '../production/users';
import { writeInChunks, type ImportResult, type RowError } from './import-result';
import { asciiLower, mapColumns, readSpreadsheet, type Column, type DataRow } from './spreadsheet';

/**
 * Users per import. Each row costs one password hash (PBKDF2-SHA256, 100,000 iterations): about
 * 11 ms of CPU per row in workerd, measured through whole imports by bench/import-cost.mjs. 1,000
 * rows are about 11 s, a fifth of the `limits.cpu_ms` of 60 s in wrangler.toml (docs/progress.md).
 */
export const MAX_USER_ROWS = 1_000;

export const USER_COLUMNS = [
  { key: 'username', header: '用户名', required: true },
  { key: 'email', header: '邮箱', required: true },
  { key: 'password', header: '密码', required: true },
  { key: 'department', header: '部门名称', required: true },
  { key: 'role', header: '角色', required: false },
  { key: 'job', header: '岗位', required: false },
] as const satisfies readonly Column<string>[];

type UserKey = (typeof USER_COLUMNS)[number]['key'];

const ROLE_NAMES = new Map<string, ProgressRole>([
  ['教师', 'teacher'],
  ['普通管理员', 'admin'],
  ['管理员', 'admin'],
  ['沟通联络人', 'liaison'],
  ['联络人', 'liaison'],
  ['系统管理员', 'sysadmin'],
]);
const JOB_NAMES = new Map<string, Job>([
  ['课程制作教师', 1],
  ['课程购买方项目负责人', 2],
  ['课程制作方沟通联络人', 3],
  ['系统制作方项目负责人', 4],
]);

const emailSchema = z.email();

interface UserRow {
  rowNumber: number;
  username: string;
  email: string;
  password: string;
  departmentId: number;
  role: ProgressRole;
  job: Job | null;
}

/** A whole number 1-4 as a sheet may hold it (`2`, `2.0`), or a name from the map. */
function pick<T>(value: string, byNumber: (n: number) => T | null, byName: Map<string, T>): T | null {
  if (/^\d{1,2}(\.0+)?$/.test(value)) return byNumber(Number(value));
  return byName.get(value) ?? null;
}

function checkRow(row: DataRow<UserKey>, caller: Principal): { errors: string[]; role: ProgressRole; job: Job | null } {
  const v = row.values;
  const errors: string[] = [];
  if (!v.username) errors.push('用户名为空');
  else if (v.username.length > USERNAME_MAX) errors.push(`用户名超过${USERNAME_MAX}个字符`);
  if (!v.email) errors.push('邮箱为空');
  else if (v.email.length > EMAIL_MAX || !emailSchema.safeParse(v.email).success) errors.push(`邮箱格式不正确(${v.email.slice(0, 100)})`);
  if (!v.password) errors.push('密码为空');
  else if (v.password.length < PASSWORD_MIN || v.password.length > PASSWORD_MAX) errors.push(`密码长度应为${PASSWORD_MIN}-${PASSWORD_MAX}位`);
  if (!v.department) errors.push('部门名称为空');
  let role: ProgressRole = 'teacher';
  if (v.role) {
    const r = pick(v.role, roleFromNumber, ROLE_NAMES);
    if (!r) errors.push(`角色无效(${v.role.slice(0, 20)})：应为1-4或教师、普通管理员、沟通联络人、系统管理员`);
    else if (!canGrantRole(caller.role, r)) errors.push('无权导入系统管理员账号');
    else role = r;
  }
  let job: Job | null = null;
  if (v.job) {
    job = pick(v.job, (n) => (JOBS.includes(n as Job) ? (n as Job) : null), JOB_NAMES);
    if (!job) errors.push(`岗位无效(${v.job.slice(0, 20)})：应为1-4`);
  }
  return { errors, role, job };
}

/**
 * POST /api/import/users: columns 用户名, 邮箱, 密码, 部门名称 and optionally 角色 (default teacher)
 * and 岗位. Each row becomes an account with its progress profile, or a row error; a row is never
 * half written. The importer is the recorded creator.
 */
export async function importUsers(deps: Deps, caller: Principal, file: Uint8Array): Promise<ImportResult> {
  assertManager(caller);
  const rows = mapColumns(readSpreadsheet(file, MAX_USER_ROWS, deps.log), USER_COLUMNS);
  const errors: RowError[] = [];
  const checked = rows.map((row) => ({ row, ...checkRow(row, caller) }));
  const candidates = checked.filter((c) => c.errors.length === 0);
  const departments = await departmentsByName(deps, candidates.map((c) => c.row.values.department));
  const taken = await takenEmails(deps, candidates.map((c) => c.row.values.email));
  const firstRowOf = new Map<string, number>();
  const valid: UserRow[] = [];
  for (const c of checked) {
    const v = c.row.values;
    const fail = (message: string) => errors.push({ rowNumber: c.row.rowNumber, message });
    if (c.errors.length) {
      fail(c.errors.join('，'));
      continue;
    }
    const key = asciiLower(v.email);
    const department = departments.get(asciiLower(v.department));
    const earlier = firstRowOf.get(key);
    if (earlier !== undefined) fail(`邮箱与第${earlier}行重复`);
    else if (taken.has(key)) fail('邮箱已存在');
    else if (!department) fail('部门不存在'); // the document's wording: `第3行部门不存在;`
    if (earlier === undefined) firstRowOf.set(key, c.row.rowNumber);
    if (earlier !== undefined || taken.has(key) || !department) continue;
    valid.push({ rowNumber: c.row.rowNumber, username: v.username, email: v.email, password: v.password, departmentId: department.id, role: c.role, job: c.job });
  }
  const written = await writeInChunks(
    deps,
    valid,
    async (chunk) => {
      const now = deps.clock.now();
      // Hashing is the CPU cost of a user row; it happens here, one chunk at a time, never for a refused row.
      const statements = [];
      for (const u of chunk) {
        const hash = await hashPassword(u.password, deps.config.passwordHashIterations);
        const s = newUserStatements(deps, { ...u, creatorId: caller.accountId }, hash, now);
        statements.push(s.insertAccount, s.insertProfile);
      }
      const results = await deps.db.batch(statements as unknown as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
      return chunk.map((_, k) => Array.isArray(results[2 * k]) && (results[2 * k] as unknown[]).length === 1);
    },
    (u) => u.rowNumber,
    () => '邮箱已存在',
  );
  return { imported: written.imported, errors: [...errors, ...written.errors] };
}

/** E-mails from the list that an account already has, ASCII-lower-cased (one query, one bound parameter). */
async function takenEmails(deps: Deps, emails: string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const list = JSON.stringify([...new Set(emails.map(asciiLower))]);
  const rows = await deps.db
    .select({ email: accounts.email })
    .from(accounts)
    .where(sql`lower(${accounts.email}) in (select value from json_each(${list}))`)
    .all();
  return new Set(rows.map((r) => asciiLower(r.email ?? '')));
}
