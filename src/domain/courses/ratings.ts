import { and, eq, sql } from 'drizzle-orm';
import { courseRatings } from '../../db/schema';
import { awardStatements, earnedIn } from '../achievements/awards';
import type { Deps } from '../deps';
import { liveCourse } from './courses';
import { findEnrollment, notEnrolled } from './enrollments';
import { dayKey } from './study-days';

export interface RatingResult {
  rating: number;
  comment: string | null;
  /** False when this updated the learner's earlier rating. */
  created: boolean;
  newAchievements: number[];
}

/** One rating per learner and course: a second call replaces it. Only enrolled learners rate. */
export async function rateCourse(
  deps: Deps,
  accountId: number,
  courseId: number,
  rating: number,
  comment: string | null,
): Promise<RatingResult> {
  await liveCourse(deps, courseId);
  if (!(await findEnrollment(deps, accountId, courseId))) throw notEnrolled();
  const now = deps.clock.now();
  const [earlier, saved, ...awards] = await deps.db.batch([
    // Read inside the transaction: of parallel first ratings exactly one finds none (a read before the
    // batch let every one of them answer "created").
    deps.db
      .select({ rating: courseRatings.rating })
      .from(courseRatings)
      .where(and(eq(courseRatings.accountId, accountId), eq(courseRatings.courseId, courseId))),
    deps.db
      .insert(courseRatings)
      .values({ accountId, courseId, rating, comment, createdAt: now, updatedAt: now })
      .onConflictDoUpdate({
        target: [courseRatings.accountId, courseRatings.courseId],
        set: { rating: sql`excluded.rating`, comment: sql`excluded.comment`, updatedAt: now },
      })
      .returning(),
    ...awardStatements(deps, accountId, ['ratings_given'], now, dayKey(now, deps.config.timezone)),
  ]);
  const row = saved[0]!;
  return { rating: row.rating, comment: row.comment, created: earlier.length === 0, newAchievements: earnedIn(awards) };
}
