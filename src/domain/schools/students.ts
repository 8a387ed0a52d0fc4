import { and, count, desc, eq, sql } from 'drizzle-orm';
import { accounts, schoolMembers, schools } from '../../db/schema';
import { isD1Outage } from '../../platform/d1-errors';
import { hashPassword, verifyPassword } from '../../platform/passwords';
import { findAccount, findAccountById, type Account } from '../accounts/accounts';
import { revokeAllSessions } from '../auth/sessions';
import type { Deps } from '../deps';
import { AppError, fieldIssue, type FieldIssue } from '../errors';
import { insertAccountWhere, insertedAccountId, takenIdentifiers } from './account-rows';
import { batch, statement } from './d1-batch';
import { findSchool, notOwner, ruleBroken, schoolNotFound, type PageOf, type PageRequest, type School } from './schools';
import { SCHOOL_STATUS } from './status';

const usernameTaken = (issues: FieldIssue[]) =>
  new AppError('conflict', 'USERNAME_ALREADY_EXISTS', 'The username is taken', { fields: issues });
const studentNotFound = () => new AppError('not_found', 'STUDENT_NOT_FOUND', 'No such student in this school');
const notApproved = () => ruleBroken('SCHOOL_NOT_APPROVED', 'The school is not approved: no student can be added');

function assertOwner(school: School | undefined, ownerId: number): asserts school is School {
  if (!school) throw schoolNotFound();
  if (school.ownerId !== ownerId) throw notOwner();
}

async function ownedSchool(deps: Deps, ownerId: number, schoolId: number): Promise<School> {
  const school = await findSchool(deps, schoolId);
  assertOwner(school, ownerId);
  return school;
}

export interface NewStudent {
  name: string;
  username: string;
  password: string;
}

/**
 * The owner of an approved school creates a student account in it. The account insert is
 * conditional on the school still being approved and owned by the caller, and sits in one batch
 * with the membership, so nothing is left behind when either fails.
 */
export async function createStudent(deps: Deps, ownerId: number, schoolId: number, input: NewStudent): Promise<Account> {
  const school = await ownedSchool(deps, ownerId, schoolId);
  if (school.status !== SCHOOL_STATUS.approved) throw notApproved();
  const taken = await takenIdentifiers(deps, { username: input.username });
  if (taken.length) throw usernameTaken(taken);

  const now = deps.clock.now();
  const passwordHash = await hashPassword(input.password, deps.config.passwordHashIterations);
  const values = { email: null, phone: null, username: input.username, name: input.name.trim(), passwordHash, role: 'student' as const };
  const stillOwnedAndApproved = sql`EXISTS (SELECT 1 FROM schools WHERE id = ${schoolId} AND owner_id = ${ownerId} AND status = ${SCHOOL_STATUS.approved})`;
  const [inserted] = await batch(deps, [
    statement(deps, insertAccountWhere(values, now, stillOwnedAndApproved)),
    statement(
      deps,
      sql`INSERT INTO school_members (account_id, school_id, role, created_at)
          SELECT id, ${schoolId}, 'student', ${now} FROM accounts WHERE id = ${insertedAccountId(input.username, passwordHash)}`,
    ),
  ]);
  if ((inserted!.meta.changes ?? 0) === 0) {
    const raced = await takenIdentifiers(deps, { username: input.username });
    if (raced.length) throw usernameTaken(raced);
    await ownedSchool(deps, ownerId, schoolId);
    throw notApproved();
  }
  return (await findAccount(deps, { username: input.username }))!;
}

/**
 * Students of a school the caller owns (any status: a withdrawn school's owner still manages them).
 * One batch (one D1 round trip) whatever the page: the school row carrying the total (a subquery over
 * the same index as the page), and the page, which itself reads nothing unless the caller owns the
 * school, so another owner's students are never read even when the check below then refuses.
 */
export async function listStudents(
  deps: Deps,
  ownerId: number,
  schoolId: number,
  page: PageRequest,
  keyword: string | null,
): Promise<PageOf<Account>> {
  const pattern = keyword ? `%${keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const where = and(
    eq(schoolMembers.schoolId, schoolId),
    eq(schoolMembers.role, 'student'),
    pattern === null ? undefined : sql`(${accounts.name} LIKE ${pattern} ESCAPE '\\' OR ${accounts.username} LIKE ${pattern} ESCAPE '\\')`,
  );
  const total = deps.db
    .select({ n: count() })
    .from(schoolMembers)
    .innerJoin(accounts, eq(accounts.id, schoolMembers.accountId))
    .where(where);
  const callerOwns = sql`exists (select 1 from ${schools} where ${schools.id} = ${schoolId} and ${schools.ownerId} = ${ownerId})`;
  const [[found], rows] = await deps.db.batch([
    deps.db
      .select({ school: schools, total: sql<number>`(${total})`.as('student_total') })
      .from(schools)
      .where(eq(schools.id, schoolId)),
    deps.db
      .select({ account: accounts })
      .from(schoolMembers)
      .innerJoin(accounts, eq(accounts.id, schoolMembers.accountId))
      .where(and(where, callerOwns))
      .orderBy(desc(schoolMembers.accountId))
      .limit(page.perPage)
      .offset((page.page - 1) * page.perPage),
  ]);
  assertOwner(found?.school, ownerId);
  return { rows: rows.map((r) => r.account), total: Number(found!.total) };
}

async function studentOf(deps: Deps, ownerId: number, schoolId: number, studentId: number): Promise<Account> {
  await ownedSchool(deps, ownerId, schoolId);
  const row = await deps.db
    .select({ account: accounts })
    .from(schoolMembers)
    .innerJoin(accounts, eq(accounts.id, schoolMembers.accountId))
    .where(and(eq(schoolMembers.accountId, studentId), eq(schoolMembers.schoolId, schoolId), eq(schoolMembers.role, 'student')))
    .get();
  if (!row) throw studentNotFound();
  return row.account;
}

async function setPassword(deps: Deps, accountId: number, password: string): Promise<void> {
  const passwordHash = await hashPassword(password, deps.config.passwordHashIterations);
  // Tokens before the write (see revokeAllSessions): a KV failure then changes nothing.
  await revokeAllSessions(deps, accountId);
  await deps.db.update(accounts).set({ passwordHash, updatedAt: deps.clock.now() }).where(eq(accounts.id, accountId)).run();
}

/** The owner sets a new password; the student's tokens stop working. */
export async function resetStudentPassword(
  deps: Deps,
  ownerId: number,
  schoolId: number,
  studentId: number,
  password: string,
): Promise<void> {
  await studentOf(deps, ownerId, schoolId, studentId);
  await setPassword(deps, studentId, password);
}

/** The owner renames a student and/or sets a new password (which stops the student's tokens). */
export async function updateStudent(
  deps: Deps,
  ownerId: number,
  schoolId: number,
  studentId: number,
  patch: { name?: string; password?: string },
): Promise<Account> {
  await studentOf(deps, ownerId, schoolId, studentId);
  const set: Partial<typeof accounts.$inferInsert> = { updatedAt: deps.clock.now() };
  if (patch.name !== undefined) set.name = patch.name.trim();
  if (patch.password !== undefined) set.passwordHash = await hashPassword(patch.password, deps.config.passwordHashIterations);
  if (patch.password !== undefined) await revokeAllSessions(deps, studentId);
  await deps.db.update(accounts).set(set).where(eq(accounts.id, studentId)).run();
  return (await findAccountById(deps, studentId))!;
}

/**
 * Removes a student: the account goes (its membership and refresh tokens cascade) and its access
 * tokens are revoked. If another API holds records of the account that block the delete, the
 * account is detached, disabled and its username freed instead.
 */
export async function removeStudent(deps: Deps, ownerId: number, schoolId: number, studentId: number): Promise<void> {
  await studentOf(deps, ownerId, schoolId, studentId);
  // Tokens before the write (see revokeAllSessions): a KV failure then changes nothing.
  await revokeAllSessions(deps, studentId);
  try {
    await deps.db
      .delete(accounts)
      .where(and(eq(accounts.id, studentId), eq(accounts.role, 'student')))
      .run();
  } catch (e) {
    // An outage is not a reference that blocks the delete: answer 503 rather than detach instead.
    if (isD1Outage(e)) throw e;
    deps.log.warn('student account kept (referenced elsewhere); disabled and detached instead', {
      account_id: studentId,
      error: e instanceof Error ? e.message : String(e),
    });
    await deps.db.batch([
      deps.db.delete(schoolMembers).where(eq(schoolMembers.accountId, studentId)),
      deps.db.update(accounts).set({ isActive: false, username: null, updatedAt: deps.clock.now() }).where(eq(accounts.id, studentId)),
    ]);
  }
}

export interface StudentProfile {
  account: Account;
  school: School | null;
}

const signInAgain = () => new AppError('unauthenticated', 'USER_NOT_FOUND', 'The account is gone');

export async function studentProfile(deps: Deps, accountId: number): Promise<StudentProfile> {
  const row = await deps.db
    .select({ account: accounts, school: schools })
    .from(accounts)
    .leftJoin(schoolMembers, eq(schoolMembers.accountId, accounts.id))
    .leftJoin(schools, eq(schools.id, schoolMembers.schoolId))
    .where(eq(accounts.id, accountId))
    .get();
  if (!row) throw signInAgain();
  if (row.account.role !== 'student') throw new AppError('forbidden', 'NOT_A_STUDENT', 'Students only');
  return { account: row.account, school: row.school };
}

/** A student changes their own password (the old one must match); every earlier token is revoked. */
export async function changeOwnPassword(deps: Deps, accountId: number, oldPassword: string, newPassword: string): Promise<Account> {
  const account = await findAccountById(deps, accountId);
  if (!account) throw signInAgain();
  if (!(await verifyPassword(oldPassword, account.passwordHash))) {
    throw new AppError('validation', 'OLD_PASSWORD_WRONG', 'The old password is wrong', {
      fields: [fieldIssue('old_password', 'OLD_PASSWORD_WRONG', 'wrong password')],
    });
  }
  await setPassword(deps, accountId, newPassword);
  return (await findAccountById(deps, accountId))!;
}
