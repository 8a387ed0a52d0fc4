import { and, asc, count, desc, eq, or, sql, type SQL } from 'drizzle-orm';
import { courseCategories, courseListedCounts, courses } from '../../db/schema';
import { storedTotal } from '../../db/totals';
import type { Deps } from '../deps';
import { courseNotFound, courseViewById, isListed, selectCourseViews, type CourseView, type Difficulty } from './courses';
import { findEnrollment } from './enrollments';

export interface Category {
  id: number;
  name: string;
  courseCount: number;
}

/** Seeded categories in their order, each with its number of published courses. */
export async function listCategories(deps: Deps): Promise<Category[]> {
  return deps.db
    .select({
      id: courseCategories.id,
      name: courseCategories.name,
      // Spelled out: drizzle leaves columns unqualified in a one-table select, and a bare "id" would mean courses.id here.
      courseCount: sql<number>`(select count(*) from ${courses} where ${courses.categoryId} = ${courseCategories}.${sql.identifier('id')} and ${isListed})`,
    })
    .from(courseCategories)
    .orderBy(asc(courseCategories.sortOrder), asc(courseCategories.id));
}

export interface CatalogQuery {
  q?: string;
  categoryId?: number;
  difficulty?: Difficulty;
  page: number;
  pageSize: number;
}

/** `%`, `_` and the escape character itself match literally in a search. */
const likePattern = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Published courses, newest first, filtered by text, category and difficulty; one page and the total.
 * Without a search the total is read from the stored counts (a row per category and difficulty); a
 * search has nothing stored to read, and its count reads every listed course, as its page does when
 * fewer than a page match (an FTS5 index would bound both; docs/scaling.md).
 */
export async function listCatalog(deps: Deps, query: CatalogQuery): Promise<{ items: CourseView[]; total: number }> {
  const search = query.q?.trim();
  const conditions: (SQL | undefined)[] = [
    isListed,
    query.categoryId !== undefined ? eq(courses.categoryId, query.categoryId) : undefined,
    query.difficulty ? eq(courses.difficultyLevel, query.difficulty) : undefined,
    search
      ? or(
          sql`${courses.name} like ${likePattern(search)} escape '\\'`,
          sql`coalesce(${courses.description}, '') like ${likePattern(search)} escape '\\'`,
        )
      : undefined,
  ];
  const where = and(...conditions);
  const total = search
    ? deps.db.select({ n: count() }).from(courses).where(where)
    : deps.db
        .select({ n: storedTotal(courseListedCounts.n) })
        .from(courseListedCounts)
        .where(
          and(
            query.categoryId !== undefined ? eq(courseListedCounts.categoryId, query.categoryId) : undefined,
            query.difficulty ? eq(courseListedCounts.difficultyLevel, query.difficulty) : undefined,
          ),
        );
  const [items, totals] = await deps.db.batch([
    selectCourseViews(deps)
      .where(where)
      .orderBy(desc(courses.createdAt), desc(courses.id))
      .limit(query.pageSize)
      .offset((query.page - 1) * query.pageSize),
    total,
  ]);
  return { items, total: totals[0]?.n ?? 0 };
}

/**
 * A course page: anyone sees a published course; its teacher also sees it unpublished, and an
 * enrolled learner keeps seeing it after it was unpublished or deleted (their history).
 */
export async function courseDetail(deps: Deps, id: number, viewerId?: number): Promise<CourseView> {
  const view = await courseViewById(deps, id);
  if (!view) throw courseNotFound();
  const c = view.course;
  if (c.isOnline && c.deletedAt === null) return view;
  if (viewerId !== undefined) {
    if (c.teacherId === viewerId && c.deletedAt === null) return view;
    if (await findEnrollment(deps, viewerId, id)) return view;
  }
  throw courseNotFound();
}
