import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { accountRoleCounts, accounts, progressProfiles, type AccountRow } from '../../db/schema';
import { storedTotal } from '../../db/totals';
import { isD1Outage } from '../../platform/d1-errors';
import { hashPassword } from '../../platform/passwords';
import { findAccount, findAccountById } from '../accounts/accounts';
import { isAdminRole } from '../accounts/roles';
import { auditInsert } from '../audit/entries';
import { revokeAllSessions } from '../auth/sessions';
import type { Principal } from '../auth/principal';
import type { Deps } from '../deps';
import { AppError, isAppError } from '../errors';
import { departmentIdQuery, departmentNotFound, findDepartment } from './departments';
import { selectRow } from './insert-select';
import {
  assertManager,
  assertProgressUser,
  assertStaff,
  canGrantRole,
  defaultJob,
  forbidden,
  isProgressRole,
  type Job,
  type ProgressRole,
} from './roles';

/** An account as the progress API sees it: the shared account plus its progress profile. */
export interface ProgressUser {
  account: AccountRow;
  role: ProgressRole;
  departmentId: number | null;
  creatorId: number | null;
  job: Job;
}

export interface NewProgressUser {
  username: string;
  email: string;
  password: string;
  departmentId: number;
  role: ProgressRole;
  job?: Job | null;
  avatarUrl?: string | null;
  creatorId?: number | null;
}

export const USERNAME_MAX = 100;
export const EMAIL_MAX = 254;
export const PASSWORD_MIN = 6;
export const PASSWORD_MAX = 128;

export const userNotFound = () => new AppError('not_found', 'USER_NOT_FOUND', 'No such user');
export const notATeacher = () => new AppError('validation', 'NOT_A_TEACHER', 'The user is not a teacher');
export const emailExists = () => new AppError('conflict', 'EMAIL_ALREADY_EXISTS', 'The e-mail is already registered');
const invalid = (code: string, message: string) => new AppError('validation', code, message);

// The profile's job is aliased: accounts has a `job` column too, and a D1 batch keys its rows by column
// name, so the two collapsed into one and every user in GET /api/users/list showed the default job.
const userColumns = {
  account: accounts,
  departmentId: progressProfiles.departmentId,
  creatorId: progressProfiles.creatorId,
  job: sql<number | null>`${progressProfiles.job}`.as('profile_job'),
};

function toProgressUser(r: {
  account: AccountRow;
  departmentId: number | null;
  creatorId: number | null;
  job: number | null;
}): ProgressUser | null {
  const role = r.account.role;
  if (!isProgressRole(role)) return null;
  return { account: r.account, role, departmentId: r.departmentId, creatorId: r.creatorId, job: (r.job as Job | null) ?? defaultJob(role) };
}

// Every role but student is a progress role, said the way the partial index accounts_staff_id_idx says it
// (SQLite uses the index only for a query that repeats its condition).
const progressAccounts = ne(accounts.role, 'student');

function selectUsers(deps: Deps) {
  return deps.db.select(userColumns).from(accounts).leftJoin(progressProfiles, eq(progressProfiles.accountId, accounts.id));
}

/** A progress user by id; students (no progress role) read as not found. */
export async function findProgressUser(deps: Deps, id: number): Promise<ProgressUser | null> {
  const row = await selectUsers(deps).where(eq(accounts.id, id)).get();
  return row ? toProgressUser(row) : null;
}

/**
 * The account insert and the profile insert of one user, for one D1 batch (one transaction): the
 * account insert does nothing on a taken e-mail, and the profile insert then finds no account with
 * that e-mail *and this hash* (the salt makes each hash unique), so no half-made user can remain.
 */
export function newUserStatements(deps: Deps, input: NewProgressUser, passwordHash: string, now: number) {
  const job = input.job ?? defaultJob(input.role);
  const insertAccount = deps.db
    .insert(accounts)
    .values({
      email: input.email,
      name: input.username,
      passwordHash,
      role: input.role,
      avatarUrl: input.avatarUrl ?? null,
      isActive: true,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning();
  const insertProfile = deps.db
    .insert(progressProfiles)
    .select(
      selectRow(
        progressProfiles,
        { accountId: accounts.id, departmentId: input.departmentId, creatorId: input.creatorId ?? null, job },
        sql`from ${accounts} where lower(${accounts.email}) = lower(${input.email}) and ${accounts.passwordHash} = ${passwordHash}`,
      ),
    );
  return { insertAccount, insertProfile, job };
}

/**
 * Who registers themself through POST /api/users, and is throttled like every self-registration: anyone
 * without a token or with a non-administrator's. Administrators create accounts for others and are not.
 */
export const isSelfRegistration = (caller: Principal | null): boolean => !caller || !isAdminRole(caller.role);

/**
 * POST /api/users. Without a token (or with a teacher's or liaison's) only teachers are created;
 * admins create admins and liaisons too, and only a sysadmin creates a sysadmin. The creator is the
 * caller when there is one (a creatorId sent with a token is not applied), otherwise the creatorId
 * sent, which must name an existing account.
 */
export async function createProgressUser(deps: Deps, caller: Principal | null, input: NewProgressUser): Promise<ProgressUser> {
  if (caller) assertProgressUser(caller);
  if (!canGrantRole(caller?.role ?? null, input.role)) {
    throw input.role === 'sysadmin'
      ? forbidden('SYSADMIN_CREATES_SYSADMIN', 'Only a sysadmin creates a sysadmin')
      : forbidden('MANAGER_CREATES_STAFF', 'Creating an admin or liaison needs an admin or sysadmin');
  }
  // Issue 5: the creator is "taken from the token when there is one": the caller is recorded and a
  // creatorId in the body is not applied (the document's example always sends one, e.g. `1`).
  const creatorId = caller ? caller.accountId : (input.creatorId ?? null);
  if (!caller && creatorId !== null && !(await findAccountById(deps, creatorId)))
    throw invalid('CREATOR_NOT_FOUND', 'creatorId names no account');
  if (!(await findDepartment(deps, input.departmentId))) throw invalid('UNKNOWN_DEPARTMENT', 'departmentId names no department');
  if (await findAccount(deps, { email: input.email })) throw emailExists();
  const now = deps.clock.now();
  const passwordHash = await hashPassword(input.password, deps.config.passwordHashIterations);
  const { insertAccount, insertProfile, job } = newUserStatements(deps, { ...input, creatorId }, passwordHash, now);
  // Someone signed in made an account for someone else (a role grant): audited, in the same batch,
  // on the condition the profile insert uses (this e-mail with this salted hash: only this insert's row).
  const created = sql`lower(${accounts.email}) = lower(${input.email}) and ${accounts.passwordHash} = ${passwordHash}`;
  const audit =
    caller &&
    auditInsert(
      deps,
      {
        actor: caller,
        action: 'user.create',
        target: { type: 'account', id: sql`(select ${accounts.id} from ${accounts} where ${created})` },
        detail: { role: input.role, department_id: input.departmentId },
      },
      sql`exists (select 1 from ${accounts} where ${created})`,
    );
  const [inserted] = audit
    ? await deps.db.batch([insertAccount, insertProfile, audit])
    : await deps.db.batch([insertAccount, insertProfile]);
  const account = inserted[0];
  if (!account) throw emailExists(); // registered in parallel between the check and the insert
  return { account, role: input.role, departmentId: input.departmentId, creatorId, job };
}

/**
 * GET /api/users/list: every progress user (students excluded), disabled ones too, in id order. The page
 * walks the partial index of progress accounts; the total is the stored count per role.
 */
export async function listProgressUsers(
  deps: Deps,
  caller: Principal,
  page: number,
  limit: number,
): Promise<{ users: ProgressUser[]; total: number }> {
  assertStaff(caller);
  const [rows, totals] = await deps.db.batch([
    selectUsers(deps)
      .where(progressAccounts)
      .orderBy(asc(accounts.id))
      .limit(limit)
      .offset((page - 1) * limit),
    deps.db.select({ n: storedTotal(accountRoleCounts.n) }).from(accountRoleCounts),
  ]);
  return { users: rows.map(toProgressUser).filter((u) => u !== null), total: totals[0]?.n ?? 0 };
}

/**
 * GET /api/users/department/{id}: the department's active users. A failure that is neither a rule's nor
 * a D1 outage (503 like everywhere else) is DEPARTMENT_USERS_FAILED, the document's own answer (50000);
 * its cause is logged, not sent.
 */
export async function departmentUsers(deps: Deps, caller: Principal, departmentId: number): Promise<ProgressUser[]> {
  assertStaff(caller);
  try {
    return await activeDepartmentUsers(deps, departmentId);
  } catch (e) {
    if (isAppError(e) || isD1Outage(e)) throw e;
    deps.log.error('department users failed', { error: e instanceof Error ? e.message : String(e) });
    throw new AppError('internal', 'DEPARTMENT_USERS_FAILED', "Listing the department's users failed");
  }
}

async function activeDepartmentUsers(deps: Deps, departmentId: number): Promise<ProgressUser[]> {
  const [department, rows] = await deps.db.batch([
    departmentIdQuery(deps, departmentId),
    deps.db
      .select(userColumns)
      .from(progressProfiles)
      .innerJoin(accounts, eq(accounts.id, progressProfiles.accountId))
      .where(and(eq(progressProfiles.departmentId, departmentId), eq(accounts.isActive, true), progressAccounts))
      .orderBy(asc(accounts.id)),
  ]);
  if (department.length === 0) throw departmentNotFound();
  return rows.map(toProgressUser).filter((u) => u !== null);
}

/** GET /api/users/teacher/search: exact e-mail (case-insensitive); an account that is not a teacher is refused. */
export async function findTeacherByEmail(deps: Deps, caller: Principal, email: string): Promise<ProgressUser> {
  assertStaff(caller);
  const row = await selectUsers(deps).where(sql`lower(${accounts.email}) = lower(${email})`).get();
  if (!row) throw userNotFound();
  const user = toProgressUser(row);
  if (user?.role !== 'teacher') throw notATeacher();
  return user;
}

/**
 * POST /api/users/disable/{id}: the account can no longer sign in and every token issued to it stops
 * working. Nobody disables themselves (a lone sysadmin would lock everyone out), and an admin cannot
 * disable a sysadmin. Disabling a disabled user succeeds (the tokens are revoked again).
 */
export async function disableUser(deps: Deps, caller: Principal, userId: number): Promise<void> {
  assertManager(caller);
  const target = await findProgressUser(deps, userId);
  if (!target) throw userNotFound();
  if (target.account.id === caller.accountId) throw invalid('CANNOT_DISABLE_SELF', 'Nobody disables their own account');
  if (target.role === 'sysadmin' && caller.role !== 'sysadmin')
    throw forbidden('SYSADMIN_DISABLES_SYSADMIN', 'Only a sysadmin disables a sysadmin');
  // Tokens first: if KV refuses, nothing is disabled (503); if D1 then fails, the user is only signed out.
  await revokeAllSessions(deps, userId);
  await deps.db.batch([
    deps.db.update(accounts).set({ isActive: false, updatedAt: deps.clock.now() }).where(eq(accounts.id, userId)),
    auditInsert(deps, {
      actor: caller,
      action: 'user.disable',
      target: { type: 'account', id: userId },
      detail: { was_active: target.account.isActive },
    }),
  ]);
}
