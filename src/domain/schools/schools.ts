import { and, count, desc, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import { accounts, schoolMembers, schools, schoolStatusCounts, type SchoolRow } from '../../db/schema';
import { storedTotal } from '../../db/totals';
import { isAdminRole, type Role } from '../accounts/roles';
import { auditInsert } from '../audit/entries';
import type { Deps } from '../deps';
import { AppError, fieldIssue, type Params } from '../errors';
import { SCHOOL_STATUS } from './status';

export type School = SchoolRow;
export interface PageRequest {
  page: number;
  perPage: number;
}
export interface PageOf<T> {
  rows: T[];
  total: number;
}
export interface Actor {
  accountId: number;
  role: Role;
}

export const schoolNotFound = () => new AppError('not_found', 'SCHOOL_NOT_FOUND', 'No such school');
export const notOwner = () => new AppError('forbidden', 'NOT_SCHOOL_OWNER', "Only the school's owner may do this");
const nameTaken = () =>
  new AppError('conflict', 'SCHOOL_NAME_TAKEN', 'Another open school has this name', {
    fields: [fieldIssue('name', 'SCHOOL_NAME_TAKEN', 'Another open school has this name')],
  });
/** A business rule (campus 510): kind conflict without field details. */
export const ruleBroken = (code: string, message: string, params?: Params) =>
  new AppError('conflict', code, message, params ? { params } : {});

/** Another school that is not rejected already has this name (names compare case-insensitively). */
const nameInUseByOther = (name: string | SQL, exceptId: number | null) =>
  sql`EXISTS (SELECT 1 FROM schools other WHERE lower(other.name) = lower(${name}) AND other.status <> ${SCHOOL_STATUS.rejected}${
    exceptId === null ? sql`` : sql` AND other.id <> ${exceptId}`
  })`;

export async function findSchool(deps: Deps, id: number): Promise<School | undefined> {
  return deps.db.select().from(schools).where(eq(schools.id, id)).get();
}

export async function findApprovedSchool(deps: Deps, id: number): Promise<School | undefined> {
  return deps.db
    .select()
    .from(schools)
    .where(and(eq(schools.id, id), eq(schools.status, SCHOOL_STATUS.approved)))
    .get();
}

/** A new school starts pending review. The partial unique index on open names decides a race. */
export async function createSchool(deps: Deps, ownerId: number, name: string): Promise<School> {
  const now = deps.clock.now();
  const row = await deps.db
    .insert(schools)
    .values({ name: name.trim(), status: SCHOOL_STATUS.pending, rejectReason: '', ownerId, createdAt: now, updatedAt: now })
    .onConflictDoNothing()
    .returning()
    .get();
  if (!row) throw nameTaken();
  return row;
}

const mySchools = (deps: Deps, accountId: number): SQL =>
  or(
    eq(schools.ownerId, accountId),
    inArray(schools.id, deps.db.select({ id: schoolMembers.schoolId }).from(schoolMembers).where(eq(schoolMembers.accountId, accountId))),
  )!;

/** Schools the account owns or belongs to, newest first. */
export async function listMySchools(deps: Deps, accountId: number, page: PageRequest): Promise<PageOf<School & { isOwner: boolean }>> {
  const where = mySchools(deps, accountId);
  // One D1 round trip for the page and its total (a batch), not two.
  const [rows, [total]] = await deps.db.batch([
    deps.db
      .select()
      .from(schools)
      .where(where)
      .orderBy(desc(schools.id))
      .limit(page.perPage)
      .offset((page.page - 1) * page.perPage),
    deps.db.select({ n: count() }).from(schools).where(where),
  ]);
  return { rows: rows.map((s) => ({ ...s, isOwner: s.ownerId === accountId })), total: total?.n ?? 0 };
}

/** Visible to its owner, its members and administrators. */
export async function getSchoolFor(deps: Deps, actor: Actor, id: number): Promise<School & { isOwner: boolean }> {
  const school = await findSchool(deps, id);
  if (!school) throw schoolNotFound();
  const isOwner = school.ownerId === actor.accountId;
  if (!isOwner && !isAdminRole(actor.role)) {
    const member = await deps.db
      .select({ id: schoolMembers.accountId })
      .from(schoolMembers)
      .where(and(eq(schoolMembers.accountId, actor.accountId), eq(schoolMembers.schoolId, id)))
      .get();
    if (!member) throw new AppError('forbidden', 'NOT_SCHOOL_MEMBER', 'Only its owner, members and administrators see a school');
  }
  return { ...school, isOwner };
}

async function ownedOrThrow(deps: Deps, ownerId: number, id: number): Promise<School> {
  const school = await findSchool(deps, id);
  if (!school) throw schoolNotFound();
  if (school.ownerId !== ownerId) throw notOwner();
  return school;
}

/**
 * Owner only. Renaming a rejected school resubmits it for review (status back to pending, reason
 * cleared); a pending or approved school keeps its status. One conditional UPDATE, so two parallel
 * renames to the same name cannot both succeed.
 */
export async function renameSchool(deps: Deps, ownerId: number, id: number, name: string): Promise<School> {
  const now = deps.clock.now();
  const trimmed = name.trim();
  const rejected = SCHOOL_STATUS.rejected;
  const row = await deps.db
    .update(schools)
    .set({
      name: trimmed,
      status: sql`CASE WHEN ${schools.status} = ${rejected} THEN ${SCHOOL_STATUS.pending} ELSE ${schools.status} END`,
      rejectReason: sql`CASE WHEN ${schools.status} = ${rejected} THEN '' ELSE ${schools.rejectReason} END`,
      updatedAt: now,
    })
    .where(and(eq(schools.id, id), eq(schools.ownerId, ownerId), sql`NOT ${nameInUseByOther(trimmed, id)}`))
    .returning()
    .get();
  if (row) return row;
  await ownedOrThrow(deps, ownerId, id);
  throw nameTaken();
}

/** Member counts by role, for the refusal message of a delete. */
async function memberCounts(deps: Deps, schoolId: number): Promise<{ teachers: number; students: number }> {
  const rows = await deps.db
    .select({ role: schoolMembers.role, n: count() })
    .from(schoolMembers)
    .where(eq(schoolMembers.schoolId, schoolId))
    .groupBy(schoolMembers.role)
    .all();
  return { teachers: rows.find((r) => r.role === 'teacher')?.n ?? 0, students: rows.find((r) => r.role === 'student')?.n ?? 0 };
}

/**
 * Owner only, and only while nobody belongs to the school: the condition is part of the DELETE,
 * so a registration that lands at the same moment either sees the school or keeps it.
 */
export async function deleteSchool(deps: Deps, ownerId: number, id: number): Promise<void> {
  const deleted = await deps.db
    .delete(schools)
    .where(
      and(eq(schools.id, id), eq(schools.ownerId, ownerId), sql`NOT EXISTS (SELECT 1 FROM school_members m WHERE m.school_id = ${id})`),
    )
    .returning({ id: schools.id })
    .get();
  if (deleted) return;
  await ownedOrThrow(deps, ownerId, id);
  throw membersRemain(await memberCounts(deps, id));
}

/**
 * The refusal counts who remains, so the API can say what the owner can do: remove the students
 * (campus), but not the teachers: an excourse teacher leaves a school only when the sysadmin moves them
 * with the excourse API's `PUT /users/{pk}/ {school_id}`.
 */
function membersRemain({ teachers, students }: { teachers: number; students: number }): AppError {
  return ruleBroken('SCHOOL_HAS_MEMBERS', `The school still has ${students} students and ${teachers} teachers`, { students, teachers });
}

export type ReviewItem = School & { ownerName: string | null; ownerEmail: string | null };

/** Administrators: schools by status (all when null), newest first; the total is the stored count per status. */
export async function listSchoolsForReview(deps: Deps, status: number | null, page: PageRequest): Promise<PageOf<ReviewItem>> {
  const where = status === null ? undefined : eq(schools.status, status);
  // One batch (one D1 round trip, one snapshot for the page and its total). The owner's columns are
  // aliased: a batch's rows are keyed by column name, and schools has a `name` of its own.
  const [rows, [total]] = await deps.db.batch([
    deps.db
      .select({
        school: schools,
        ownerName: sql<string | null>`${accounts.name}`.as('owner_name'),
        ownerEmail: sql<string | null>`${accounts.email}`.as('owner_email'),
      })
      .from(schools)
      .leftJoin(accounts, eq(accounts.id, schools.ownerId))
      .where(where)
      .orderBy(desc(schools.id))
      .limit(page.perPage)
      .offset((page.page - 1) * page.perPage),
    deps.db
      .select({ n: storedTotal(schoolStatusCounts.n) })
      .from(schoolStatusCounts)
      .where(status === null ? undefined : eq(schoolStatusCounts.status, status)),
  ]);
  return { rows: rows.map((r) => ({ ...r.school, ownerName: r.ownerName, ownerEmail: r.ownerEmail })), total: total?.n ?? 0 };
}

/**
 * The review's audit row, ahead of its UPDATE in one batch and on the same WHERE: written exactly
 * when the UPDATE changes the school. The reviewer's role is read from the account.
 */
const reviewAudit = (
  deps: Deps,
  reviewerId: number,
  action: 'school.approve' | 'school.reject',
  id: number,
  where: SQL,
  detail?: Record<string, unknown>,
) =>
  auditInsert(
    deps,
    { actor: { accountId: reviewerId }, action, target: { type: 'school', id }, detail },
    sql`exists (select 1 from ${schools} where ${where})`,
  );

/** Approves a pending or rejected school (not while another open school has its name). */
export async function approveSchool(deps: Deps, reviewerId: number, id: number): Promise<School> {
  const now = deps.clock.now();
  const approvable = and(
    eq(schools.id, id),
    sql`${schools.status} <> ${SCHOOL_STATUS.approved}`,
    sql`(${schools.status} <> ${SCHOOL_STATUS.rejected} OR NOT ${nameInUseByOther(sql`${schools.name}`, id)})`,
  )!;
  const [, [row]] = await deps.db.batch([
    reviewAudit(deps, reviewerId, 'school.approve', id, approvable),
    deps.db
      .update(schools)
      .set({ status: SCHOOL_STATUS.approved, rejectReason: '', reviewedBy: reviewerId, reviewedAt: now, updatedAt: now })
      .where(approvable)
      .returning(),
  ]);
  if (row) return row;
  const school = await findSchool(deps, id);
  if (!school) throw schoolNotFound();
  if (school.status === SCHOOL_STATUS.approved) throw ruleBroken('SCHOOL_ALREADY_APPROVED', 'The school is approved already');
  throw ruleBroken('SCHOOL_NAME_TAKEN', 'Another open school has this name: it cannot be approved', { step: 'approve' });
}

/** Rejects a pending school, or withdraws an approved one; its members stay, new ones cannot join. */
export async function rejectSchool(deps: Deps, reviewerId: number, id: number, reason: string): Promise<School> {
  const now = deps.clock.now();
  const rejectable = and(eq(schools.id, id), sql`${schools.status} <> ${SCHOOL_STATUS.rejected}`)!;
  const [, [row]] = await deps.db.batch([
    reviewAudit(deps, reviewerId, 'school.reject', id, rejectable, { reason: reason.trim() }),
    deps.db
      .update(schools)
      .set({ status: SCHOOL_STATUS.rejected, rejectReason: reason.trim(), reviewedBy: reviewerId, reviewedAt: now, updatedAt: now })
      .where(rejectable)
      .returning(),
  ]);
  if (row) return row;
  if (!(await findSchool(deps, id))) throw schoolNotFound();
  throw ruleBroken('SCHOOL_ALREADY_REJECTED', 'The school is rejected already');
}
