import { and, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { accounts, courseCategories, courses, type CourseRow } from '../../db/schema';
import type { Deps } from '../deps';
import { AppError } from '../errors';

export type Course = CourseRow;
export type Difficulty = Course['difficultyLevel'];

/** The course columns a view shows (storage-only ones, the cover's R2 key and the raw counters, stay out). */
export const shownCourseColumns = {
  id: courses.id,
  name: courses.name,
  description: courses.description,
  coverImg: courses.coverImg,
  categoryId: courses.categoryId,
  teacherId: courses.teacherId,
  difficultyLevel: courses.difficultyLevel,
  durationSeconds: courses.durationSeconds,
  isOnline: courses.isOnline,
  deletedAt: courses.deletedAt,
  createdAt: courses.createdAt,
  updatedAt: courses.updatedAt,
};

export type ShownCourse = Pick<Course, keyof typeof shownCourseColumns>;

/** A course with what every view of it shows: names, enrolment count and rating. */
export interface CourseView {
  course: ShownCourse;
  categoryName: string;
  teacherName: string;
  enrolledCount: number;
  avgRating: number | null;
  ratingCount: number;
}

export const courseNotFound = () => new AppError('not_found', 'COURSE_NOT_FOUND', 'Course not found');
export const notCourseOwner = () => new AppError('forbidden', 'COURSE_FORBIDDEN', 'Only the course’s teacher may access it');

/**
 * Every column beyond the course's own is aliased: inside a D1 batch rows come back as objects, and
 * unaliased duplicates (courses.name, course_categories.name, accounts.name) would collapse.
 */
export const courseViewColumns = {
  // Only the shown columns: a learner's list maps up to ~90 of these rows per request (issue 8 load run).
  course: shownCourseColumns,
  categoryName: sql<string>`${courseCategories.name}`.as('category_name'),
  teacherName: sql<string>`${accounts.name}`.as('teacher_name'),
  // Stored counts, kept exact by triggers on the enrollment and rating tables (migrations/0004_stored_counts.sql);
  // aliased apart from the stored columns' own names, which the batch's object rows would collapse.
  enrolledCount: sql<number>`${courses.enrolledCount}`.as('enrolled_now'),
  avgRating: sql<number | null>`case when ${courses.ratingCount} > 0 then ${courses.ratingSum} * 1.0 / ${courses.ratingCount} end`.as(
    'avg_rating',
  ),
  ratingCount: sql<number>`${courses.ratingCount}`.as('ratings_now'),
};

/** The select every course view starts from; callers add where/order/paging. */
export function selectCourseViews(deps: Deps) {
  return deps.db
    .select(courseViewColumns)
    .from(courses)
    .innerJoin(courseCategories, eq(courseCategories.id, courses.categoryId))
    .innerJoin(accounts, eq(accounts.id, courses.teacherId));
}

/** Visible to a catalog: published and not deleted. */
export const isListed: SQL = and(eq(courses.isOnline, true), isNull(courses.deletedAt))!;

export async function courseViewById(deps: Deps, id: number): Promise<CourseView | undefined> {
  const [row] = await selectCourseViews(deps).where(eq(courses.id, id));
  return row;
}

export async function findCourse(deps: Deps, id: number): Promise<Course | undefined> {
  return deps.db.select().from(courses).where(eq(courses.id, id)).get();
}

/** A course that is not deleted, whatever its publication state. */
export async function liveCourse(deps: Deps, id: number): Promise<Course> {
  const course = await findCourse(deps, id);
  if (!course || course.deletedAt !== null) throw courseNotFound();
  return course;
}

/** For every teacher route on one course: it exists (not deleted) and the caller teaches it. */
export async function ownedCourse(deps: Deps, teacherId: number, id: number): Promise<Course> {
  const course = await liveCourse(deps, id);
  if (course.teacherId !== teacherId) throw notCourseOwner();
  return course;
}
