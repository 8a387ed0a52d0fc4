import { and, asc, count, eq, type SQL } from 'drizzle-orm';
import { accounts, lessonTaskCounts, lessonTasks, progressProfiles, type LessonTaskRow } from '../../db/schema';
import type { Principal } from '../auth/principal';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { departmentIdQuery, departmentNotFound } from './departments';
import { assertProgressUser, assertStaff, forbidden, isStaff } from './roles';
import { findProgressUser, notATeacher, userNotFound } from './users';
import { statusChange, type ProgressStatus } from './workflow';

export type LessonTask = LessonTaskRow;

export const COURSE_NAME_MAX = 200;
export const ADVISE_MAX = 2000;

export interface NewLessonTask {
  courseName: string;
  microLessonName: string;
  userId: number;
  advise?: string | null;
}

export interface LessonTaskPatch {
  courseName?: string;
  microLessonName?: string;
  userId?: number;
  progressStatus?: ProgressStatus;
  advise?: string | null;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export const taskNotFound = () => new AppError('not_found', 'TASK_NOT_FOUND', 'No such lesson task');
const notYours = () => forbidden('TASK_NOT_ASSIGNED_TO_CALLER', 'A teacher sees and updates only the tasks assigned to them');

/** Tasks go to active teachers only. */
export async function assertAssignable(deps: Deps, userId: number): Promise<void> {
  const user = await findProgressUser(deps, userId);
  if (!user) throw userNotFound();
  if (user.role !== 'teacher') throw notATeacher();
  if (!user.account.isActive)
    throw new AppError('validation', 'TEACHER_DISABLED', 'The teacher is disabled: no task can be assigned to them');
}

export async function createLessonTask(deps: Deps, caller: Principal, input: NewLessonTask): Promise<LessonTask> {
  assertStaff(caller);
  await assertAssignable(deps, input.userId);
  const now = deps.clock.now();
  const [row] = await deps.db
    .insert(lessonTasks)
    .values({
      courseName: input.courseName,
      microLessonName: input.microLessonName,
      userId: input.userId,
      advise: input.advise ?? '',
      createdBy: caller.accountId,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return row!;
}

async function findTask(deps: Deps, id: number): Promise<LessonTask | undefined> {
  return deps.db.select().from(lessonTasks).where(eq(lessonTasks.id, id)).get();
}

export async function getLessonTask(deps: Deps, caller: Principal, id: number): Promise<LessonTask> {
  assertProgressUser(caller);
  const task = await findTask(deps, id);
  if (!task) throw taskNotFound();
  if (!isStaff(caller.role) && task.userId !== caller.accountId) throw notYours();
  return task;
}

/**
 * PUT /api/lesson-tasks/{id}. Staff change any field of any task; a teacher changes only the status
 * and advise of a task assigned to them. The ownership check is part of the UPDATE, so a task
 * reassigned meanwhile is not changed by its former teacher.
 */
export async function updateLessonTask(deps: Deps, caller: Principal, id: number, patch: LessonTaskPatch): Promise<LessonTask> {
  assertProgressUser(caller);
  const staff = isStaff(caller.role);
  if (!staff && (patch.courseName !== undefined || patch.microLessonName !== undefined || patch.userId !== undefined)) {
    throw forbidden('TEACHER_UPDATES_STATUS_ONLY', 'A teacher updates only progressStatus and advise');
  }
  if (patch.userId !== undefined) await assertAssignable(deps, patch.userId);
  const now = deps.clock.now();
  const set: Record<string, unknown> = { updatedAt: now };
  if (patch.courseName !== undefined) set.courseName = patch.courseName;
  if (patch.microLessonName !== undefined) set.microLessonName = patch.microLessonName;
  if (patch.userId !== undefined) set.userId = patch.userId;
  if (patch.advise !== undefined) set.advise = patch.advise ?? '';
  if (patch.progressStatus !== undefined) Object.assign(set, statusChange(patch.progressStatus, now));
  const where = staff ? eq(lessonTasks.id, id) : and(eq(lessonTasks.id, id), eq(lessonTasks.userId, caller.accountId));
  const row = await deps.db.update(lessonTasks).set(set).where(where).returning().get();
  if (row) return row;
  if (!(await findTask(deps, id))) throw taskNotFound();
  throw notYours();
}

export async function deleteLessonTask(deps: Deps, caller: Principal, id: number): Promise<void> {
  assertStaff(caller);
  const deleted = await deps.db.delete(lessonTasks).where(eq(lessonTasks.id, id)).returning({ id: lessonTasks.id }).get();
  if (!deleted) throw taskNotFound();
}

/**
 * Staff see every task (optionally one user's); a teacher sees their own, and asking for anyone else's is
 * refused. The total of every task is stored (lesson_task_counts); one user's is counted on their index range.
 */
export async function listLessonTasks(
  deps: Deps,
  caller: Principal,
  q: { page: number; size: number; userId?: number },
): Promise<Page<LessonTask>> {
  assertProgressUser(caller);
  let userId = q.userId;
  if (!isStaff(caller.role)) {
    if (userId !== undefined && userId !== caller.accountId) throw notYours();
    userId = caller.accountId;
  }
  const where = userId === undefined ? undefined : eq(lessonTasks.userId, userId);
  const [items, totals] = await deps.db.batch([
    deps.db
      .select()
      .from(lessonTasks)
      .where(where)
      .orderBy(asc(lessonTasks.id))
      .limit(q.size)
      .offset((q.page - 1) * q.size),
    where
      ? deps.db.select({ n: count() }).from(lessonTasks).where(where)
      : deps.db.select({ n: lessonTaskCounts.n }).from(lessonTaskCounts),
  ]);
  return { items, total: totals[0]?.n ?? 0 };
}

export interface DepartmentTask {
  task: LessonTask;
  username: string;
}

/** Tasks whose assignee is in the department (by the assignee's current department), with the assignee's name. */
export async function departmentLessonTasks(
  deps: Deps,
  caller: Principal,
  departmentId: number,
  q: { page: number; size: number },
): Promise<Page<DepartmentTask>> {
  assertProgressUser(caller);
  const conditions: SQL[] = [eq(progressProfiles.departmentId, departmentId)];
  if (!isStaff(caller.role)) conditions.push(eq(lessonTasks.userId, caller.accountId));
  const where = and(...conditions);
  const [department, items, totals] = await deps.db.batch([
    departmentIdQuery(deps, departmentId),
    deps.db
      .select({ task: lessonTasks, username: accounts.name })
      .from(lessonTasks)
      .innerJoin(progressProfiles, eq(progressProfiles.accountId, lessonTasks.userId))
      .innerJoin(accounts, eq(accounts.id, lessonTasks.userId))
      .where(where)
      .orderBy(asc(lessonTasks.id))
      .limit(q.size)
      .offset((q.page - 1) * q.size),
    deps.db
      .select({ n: count() })
      .from(lessonTasks)
      .innerJoin(progressProfiles, eq(progressProfiles.accountId, lessonTasks.userId))
      .where(where),
  ]);
  if (department.length === 0) throw departmentNotFound();
  return { items, total: totals[0]?.n ?? 0 };
}
