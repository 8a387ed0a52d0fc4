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
import { settleImport, writeInChunks, type ImportResult, type RowError, type RowIssue } from './import-result';
import { asciiLower, mapColumns, readSpreadsheet, type Column, type DataRow, type Headers } from './spreadsheet';

/**
 * Users per import. Each row costs one password hash (PBKDF2-SHA256, 100,000 iterations): about
 * 11 ms of CPU per row in workerd, measured through whole imports by bench/import-cost.mjs. 1,000
 * rows are about 11 s, a fifth of the `limits.cpu_ms` of 60 s in wrangler.toml (docs/progress.md).
 */
export const MAX_USER_ROWS = 1_000;

export const USER_COLUMNS = [
  { key: 'username', required: true },
  { key: 'email', required: true },
  { key: 'password', required: true },
  { key: 'department', required: true },
  { key: 'role', required: false },
  { key: 'job', required: false },
] as const satisfies readonly Column<string>[];

export type UserKey = (typeof USER_COLUMNS)[number]['key'];

/**
 * How the users sheet spells what the import reads (the wire format, owned by the API that documents
 * it): each column's header, and the names a role or job cell may hold besides its number.
 */
export interface UserSheet {
  headers: Headers<UserKey>;
  roleNames: ReadonlyMap<string, ProgressRole>;
  jobNames: ReadonlyMap<string, Job>;
}

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
function pick<T>(value: string, byNumber: (n: number) => T | null, byName: ReadonlyMap<string, T>): T | null {
  if (/^\d{1,2}(\.0+)?$/.test(value)) return byNumber(Number(value));
  return byName.get(value) ?? null;
}

function checkRow(row: DataRow<UserKey>, caller: Principal, sheet: UserSheet): { errors: RowIssue[]; role: ProgressRole; job: Job | null } {
  const v = row.values;
  const errors: RowIssue[] = [];
  if (!v.username) errors.push({ code: 'USERNAME_EMPTY' });
  else if (v.username.length > USERNAME_MAX) errors.push({ code: 'USERNAME_TOO_LONG', params: { max: USERNAME_MAX } });
  if (!v.email) errors.push({ code: 'EMAIL_EMPTY' });
  else if (v.email.length > EMAIL_MAX || !emailSchema.safeParse(v.email).success)
    errors.push({ code: 'EMAIL_INVALID', params: { value: v.email } });
  if (!v.password) errors.push({ code: 'PASSWORD_EMPTY' });
  else if (v.password.length < PASSWORD_MIN || v.password.length > PASSWORD_MAX)
    errors.push({ code: 'PASSWORD_LENGTH', params: { min: PASSWORD_MIN, max: PASSWORD_MAX } });
  if (!v.department) errors.push({ code: 'DEPARTMENT_NAME_EMPTY' });
  let role: ProgressRole = 'teacher';
  if (v.role) {
    const r = pick(v.role, roleFromNumber, sheet.roleNames);
    if (!r) errors.push({ code: 'ROLE_INVALID', params: { value: v.role } });
    else if (!canGrantRole(caller.role, r)) errors.push({ code: 'ROLE_NOT_GRANTABLE', params: { role: r } });
    else role = r;
  }
  let job: Job | null = null;
  if (v.job) {
    job = pick(v.job, (n) => (JOBS.includes(n as Job) ? (n as Job) : null), sheet.jobNames);
    if (!job) errors.push({ code: 'JOB_INVALID', params: { value: v.job } });
  }
  return { errors, role, job };
}

/**
 * POST /api/import/users: columns username, email, password, department (a department's name) and
 * optionally role (default teacher) and job. Each row becomes an account with its progress profile, or
 * a row error; a row is never half written. The importer is the recorded creator.
 */
export async function importUsers(deps: Deps, caller: Principal, file: Uint8Array, sheet: UserSheet): Promise<ImportResult> {
  assertManager(caller);
  const rows = mapColumns(readSpreadsheet(file, MAX_USER_ROWS, deps.log), USER_COLUMNS, sheet.headers);
  const errors: RowError[] = [];
  const checked = rows.map((row) => ({ row, ...checkRow(row, caller, sheet) }));
  const candidates = checked.filter((c) => c.errors.length === 0);
  const departments = await departmentsByName(
    deps,
    candidates.map((c) => c.row.values.department),
  );
  const taken = await takenEmails(
    deps,
    candidates.map((c) => c.row.values.email),
  );
  const firstRowOf = new Map<string, number>();
  const valid: UserRow[] = [];
  for (const c of checked) {
    const v = c.row.values;
    const fail = (...issues: RowIssue[]) => errors.push({ rowNumber: c.row.rowNumber, issues });
    if (c.errors.length) {
      fail(...c.errors);
      continue;
    }
    const key = asciiLower(v.email);
    const department = departments.get(asciiLower(v.department));
    const earlier = firstRowOf.get(key);
    if (earlier !== undefined) fail({ code: 'EMAIL_DUPLICATE_ROW', params: { row: earlier } });
    else if (taken.has(key)) fail({ code: 'EMAIL_TAKEN' });
    else if (!department) fail({ code: 'DEPARTMENT_UNKNOWN' });
    if (earlier === undefined) firstRowOf.set(key, c.row.rowNumber);
    if (earlier !== undefined || taken.has(key) || !department) continue;
    valid.push({
      rowNumber: c.row.rowNumber,
      username: v.username,
      email: v.email,
      password: v.password,
      departmentId: department.id,
      role: c.role,
      job: c.job,
    });
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
    () => ({ code: 'EMAIL_TAKEN' }),
  );
  return settleImport(deps, caller, 'import.users', { imported: written.imported, errors: [...errors, ...written.errors] });
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
