import { and, desc, eq, isNull } from 'drizzle-orm';
import { accounts, courseCategories, courseFavorites, courses } from '../../db/schema';
import type { Deps } from '../deps';
import { courseNotFound, courseViewColumns, findCourse, type CourseView } from './courses';

export interface FavoriteCourse extends CourseView {
  favoritedAt: number;
}

/** Favoriting is idempotent; only published courses can be added. Returns false when it already was a favorite. */
export async function addFavorite(deps: Deps, accountId: number, courseId: number): Promise<boolean> {
  const course = await findCourse(deps, courseId);
  if (!course || course.deletedAt !== null || !course.isOnline) throw courseNotFound();
  const inserted = await deps.db
    .insert(courseFavorites)
    .values({ accountId, courseId, createdAt: deps.clock.now() })
    .onConflictDoNothing()
    .returning({ courseId: courseFavorites.courseId });
  return inserted.length > 0;
}

/** Removing is idempotent too; a course that does not exist (any more) is 404. Returns false when it was no favorite. */
export async function removeFavorite(deps: Deps, accountId: number, courseId: number): Promise<boolean> {
  const course = await findCourse(deps, courseId);
  if (!course || course.deletedAt !== null) throw courseNotFound();
  const removed = await deps.db
    .delete(courseFavorites)
    .where(and(eq(courseFavorites.accountId, accountId), eq(courseFavorites.courseId, courseId)))
    .returning({ courseId: courseFavorites.courseId });
  return removed.length > 0;
}

/** Newest favorite first; a course taken offline stays in the list (with is_online 0), a deleted one leaves it. */
export async function favoriteCourses(deps: Deps, accountId: number): Promise<FavoriteCourse[]> {
  return deps.db
    .select({ ...courseViewColumns, favoritedAt: courseFavorites.createdAt })
    .from(courseFavorites)
    .innerJoin(courses, eq(courses.id, courseFavorites.courseId))
    .innerJoin(courseCategories, eq(courseCategories.id, courses.categoryId))
    .innerJoin(accounts, eq(accounts.id, courses.teacherId))
    .where(and(eq(courseFavorites.accountId, accountId), isNull(courses.deletedAt)))
    .orderBy(desc(courseFavorites.createdAt), desc(courses.id));
}
