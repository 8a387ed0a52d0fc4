import { and, count, countDistinct, desc, eq, isNull, sql } from 'drizzle-orm';
import { accounts, courseCategories, courseEnrollments, courseRatings, courses } from '../../db/schema';
import type { Deps } from '../deps';
import { AppError, fieldIssue } from '../errors';
import { discardImage } from '../profiles/image-upload';
import { byCourse, materialsQuery, type CourseMaterial } from './course-materials';
import { courseNotFound, courseViewById, ownedCourse, selectCourseViews, type CourseView, type Difficulty } from './courses';

export interface CourseInput {
  name: string;
  description: string | null;
  categoryId: number;
  difficulty: Difficulty;
  durationSeconds: number;
  coverImg: string | null;
}

const categoryMissing = () =>
  new AppError('validation', 'CATEGORY_NOT_FOUND', 'category_id does not name a category', {
    fields: [fieldIssue('category_id', 'CATEGORY_NOT_FOUND', 'unknown category')],
  });

async function assertCategory(deps: Deps, id: number): Promise<void> {
  const row = await deps.db.select({ id: courseCategories.id }).from(courseCategories).where(eq(courseCategories.id, id)).get();
  if (!row) throw categoryMissing();
}

async function viewOf(deps: Deps, id: number): Promise<CourseView> {
  const view = await courseViewById(deps, id);
  if (!view) throw courseNotFound();
  return view;
}

/** A new course starts unpublished (is_online 0), as the document's example shows. */
export async function createCourse(deps: Deps, teacherId: number, input: CourseInput): Promise<CourseView> {
  await assertCategory(deps, input.categoryId);
  const now = deps.clock.now();
  const row = await deps.db
    .insert(courses)
    .values({
      name: input.name,
      description: input.description,
      coverImg: input.coverImg,
      categoryId: input.categoryId,
      teacherId,
      difficultyLevel: input.difficulty,
      durationSeconds: input.durationSeconds,
      isOnline: false,
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: courses.id })
    .get();
  return viewOf(deps, row!.id);
}

/**
 * Changes only the given fields. A cover_img string given here replaces an uploaded cover, whose
 * object is then deleted; the swap is conditional on the cover not having changed meanwhile.
 */
export async function updateCourse(deps: Deps, teacherId: number, id: number, patch: Partial<CourseInput>): Promise<CourseView> {
  const course = await ownedCourse(deps, teacherId, id);
  if (patch.categoryId !== undefined) await assertCategory(deps, patch.categoryId);
  const set: Partial<typeof courses.$inferInsert> = { updatedAt: deps.clock.now() };
  if (patch.name !== undefined) set.name = patch.name;
  if (patch.description !== undefined) set.description = patch.description;
  if (patch.categoryId !== undefined) set.categoryId = patch.categoryId;
  if (patch.difficulty !== undefined) set.difficultyLevel = patch.difficulty;
  if (patch.durationSeconds !== undefined) set.durationSeconds = patch.durationSeconds;
  const replacesUpload = patch.coverImg !== undefined && course.coverKey !== null;
  if (patch.coverImg !== undefined) Object.assign(set, { coverImg: patch.coverImg, coverKey: null });
  const conditions = [eq(courses.id, id), isNull(courses.deletedAt)];
  if (patch.coverImg !== undefined)
    conditions.push(course.coverKey === null ? isNull(courses.coverKey) : eq(courses.coverKey, course.coverKey));
  const updated = await deps.db
    .update(courses)
    .set(set)
    .where(and(...conditions))
    .returning({ id: courses.id });
  if (updated.length === 0) {
    const now = await ownedCourse(deps, teacherId, id);
    if (now.coverKey !== course.coverKey)
      throw new AppError('conflict', 'COVER_CHANGED', 'The cover changed while this update ran; try again');
    throw courseNotFound();
  }
  if (replacesUpload) await discardImage(deps, course.coverKey);
  return viewOf(deps, id);
}

/**
 * Deleting a course nobody enrolled in removes it (with its favorites and material links) and its
 * cover; a course with enrollments is unpublished and hidden instead, so learners keep their
 * progress. Both statements run in one transaction, so an enrollment racing the delete is never lost.
 */
export async function deleteCourse(deps: Deps, teacherId: number, id: number): Promise<'deleted' | 'hidden'> {
  await ownedCourse(deps, teacherId, id);
  const now = deps.clock.now();
  const enrolled = sql`exists (select 1 from ${courseEnrollments} where ${courseEnrollments.courseId} = ${id})`;
  const [hidden, removed] = await deps.db.batch([
    deps.db
      .update(courses)
      .set({ isOnline: false, deletedAt: now, updatedAt: now })
      .where(and(eq(courses.id, id), isNull(courses.deletedAt), enrolled))
      .returning({ id: courses.id }),
    deps.db
      .delete(courses)
      .where(and(eq(courses.id, id), isNull(courses.deletedAt), sql`not ${enrolled}`))
      .returning({ coverKey: courses.coverKey }),
  ]);
  if (removed.length > 0) {
    await discardImage(deps, removed[0]!.coverKey);
    return 'deleted';
  }
  if (hidden.length > 0) return 'hidden';
  throw courseNotFound();
}

/** Publishes an unpublished course and the other way round, atomically. */
export async function toggleCourse(deps: Deps, teacherId: number, id: number): Promise<boolean> {
  await ownedCourse(deps, teacherId, id);
  const row = await deps.db
    .update(courses)
    .set({ isOnline: sql`not ${courses.isOnline}`, updatedAt: deps.clock.now() })
    .where(and(eq(courses.id, id), isNull(courses.deletedAt)))
    .returning({ isOnline: courses.isOnline })
    .get();
  if (!row) throw courseNotFound();
  return row.isOnline;
}

/** The teacher's courses (deleted ones excluded), newest first. */
/** The teacher's courses, newest first, with each one's active materials: one batch (one D1 round trip). */
export async function teacherCourses(
  deps: Deps,
  teacherId: number,
): Promise<{ courses: CourseView[]; materials: Map<number, CourseMaterial[]> }> {
  const mine = and(eq(courses.teacherId, teacherId), isNull(courses.deletedAt));
  const [views, materialRows] = await deps.db.batch([
    selectCourseViews(deps).where(mine).orderBy(desc(courses.createdAt), desc(courses.id)),
    materialsQuery(deps.db, deps.db.select({ id: courses.id }).from(courses).where(mine)),
  ]);
  return {
    courses: views,
    materials: byCourse(
      views.map((v) => v.course.id),
      materialRows,
    ),
  };
}

export interface TeacherStats {
  totalCourses: number;
  totalStudents: number;
  /** Sum of the courses' durations in seconds; null without courses (as the document shows). */
  totalDurationSeconds: number | null;
  /** Mean of every rating of the teacher's courses; null without ratings. */
  avgRating: number | null;
}

export async function teacherStats(deps: Deps, teacherId: number): Promise<TeacherStats> {
  const mine = and(eq(courses.teacherId, teacherId), isNull(courses.deletedAt));
  const [[courseTotals], [students], [ratings]] = await deps.db.batch([
    deps.db
      .select({ n: count(), duration: sql<number | null>`sum(${courses.durationSeconds})` })
      .from(courses)
      .where(mine),
    deps.db
      .select({ n: countDistinct(courseEnrollments.accountId) })
      .from(courseEnrollments)
      .innerJoin(courses, eq(courses.id, courseEnrollments.courseId))
      .where(mine),
    deps.db
      .select({ avg: sql<number | null>`avg(${courseRatings.rating})` })
      .from(courseRatings)
      .innerJoin(courses, eq(courses.id, courseRatings.courseId))
      .where(mine),
  ]);
  return {
    totalCourses: courseTotals?.n ?? 0,
    totalStudents: students?.n ?? 0,
    totalDurationSeconds: courseTotals?.duration ?? null,
    avgRating: ratings?.avg ?? null,
  };
}

export interface CourseStudent {
  accountId: number;
  name: string;
  email: string | null;
  avatarUrl: string | null;
  progress: number;
  studySeconds: number;
  enrolledAt: number;
  lastStudyAt: number | null;
  completedAt: number | null;
}

/** The learners of one of the teacher's courses with their progress, most recent enrollment first. */
export async function courseStudents(deps: Deps, teacherId: number, courseId: number): Promise<CourseStudent[]> {
  await ownedCourse(deps, teacherId, courseId);
  return deps.db
    .select({
      accountId: accounts.id,
      name: accounts.name,
      email: accounts.email,
      avatarUrl: accounts.avatarUrl,
      progress: courseEnrollments.progress,
      studySeconds: courseEnrollments.studySeconds,
      enrolledAt: courseEnrollments.enrolledAt,
      lastStudyAt: courseEnrollments.lastStudyAt,
      completedAt: courseEnrollments.completedAt,
    })
    .from(courseEnrollments)
    .innerJoin(accounts, eq(accounts.id, courseEnrollments.accountId))
    .where(eq(courseEnrollments.courseId, courseId))
    .orderBy(desc(courseEnrollments.enrolledAt), desc(accounts.id));
}
