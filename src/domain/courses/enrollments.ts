import { and, desc, eq, sql } from 'drizzle-orm';
import {
  accounts,
  courseCategories,
  courseEnrollments,
  courseProgressEvents,
  courseRatings,
  courses,
  type CourseEnrollmentRow,
} from '../../db/schema';
import { batchPrepared, prepareOnce } from '../../db/prepared';
import { awardStatements, earnedIn } from '../achievements/awards';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { byCourse, materialsQuery, type CourseMaterial } from './course-materials';
import { courseNotFound, courseViewColumns, findCourse, type CourseView } from './courses';
import { streakEndingOn } from './streak';
import { dayKey, previousDay } from './study-days';

export type Enrollment = CourseEnrollmentRow;

export const notEnrolled = () => new AppError('forbidden', 'NOT_ENROLLED', 'You are not enrolled in this course');

export interface EnrollResult {
  /** False when the learner was already enrolled (nothing changed). */
  created: boolean;
  newAchievements: number[];
}

export async function findEnrollment(deps: Deps, accountId: number, courseId: number): Promise<Enrollment | undefined> {
  return deps.db
    .select()
    .from(courseEnrollments)
    .where(and(eq(courseEnrollments.accountId, accountId), eq(courseEnrollments.courseId, courseId)))
    .get();
}

/**
 * Enrolls in a published course. The insert is conditional on the course still being published
 * when the transaction runs, and enrolling twice keeps the one enrollment (and its progress).
 */
export async function enroll(deps: Deps, accountId: number, courseId: number): Promise<EnrollResult> {
  const course = await findCourse(deps, courseId);
  if (!course || course.deletedAt !== null) throw courseNotFound();
  if (await findEnrollment(deps, accountId, courseId)) return { created: false, newAchievements: [] };
  if (!course.isOnline) throw courseNotFound();
  const now = deps.clock.now();
  const [inserted, ...awards] = await deps.db.batch([
    // Columns in table order: account, course, progress, study seconds, enrolled, last study, completed.
    deps.db
      .insert(courseEnrollments)
      .select(
        sql`select ${accountId}, ${courseId}, 0, 0, ${now}, null, null
          where exists (select 1 from ${courses} where ${courses.id} = ${courseId} and ${courses.isOnline} = 1 and ${courses.deletedAt} is null)`,
      )
      .onConflictDoNothing()
      .returning({ courseId: courseEnrollments.courseId }),
    ...awardStatements(deps, accountId, ['courses_enrolled'], now, dayKey(now, deps.config.timezone)),
  ]);
  if (inserted.length === 0) {
    if (await findEnrollment(deps, accountId, courseId)) return { created: false, newAchievements: [] };
    throw courseNotFound();
  }
  return { created: true, newAchievements: earnedIn(awards) };
}

export interface ProgressReport {
  /** 0-100; lower than the stored value changes nothing (progress never moves backwards). */
  progress: number;
  /** Seconds studied since the previous report. */
  durationSeconds: number;
}

export interface ProgressResult {
  enrollment: Enrollment;
  /** True when this report completed the course. */
  completedNow: boolean;
  newAchievements: number[];
}

/**
 * Records a progress report in one transaction: the enrollment keeps the highest progress, a
 * history row records the study (its day in APP_TIMEZONE feeds the streak), reaching 100 sets the
 * completion time once, and the achievements this crosses are awarded by the same batch.
 */
export async function reportProgress(deps: Deps, accountId: number, courseId: number, report: ProgressReport): Promise<ProgressResult> {
  const course = await findCourse(deps, courseId);
  if (!course || course.deletedAt !== null) throw courseNotFound();
  if (!(await findEnrollment(deps, accountId, courseId))) throw notEnrolled();
  const now = deps.clock.now();
  const today = dayKey(now, deps.config.timezone);
  const progress = Math.max(0, Math.min(100, Math.floor(report.progress)));
  const duration = Math.max(0, Math.round(report.durationSeconds));
  const mine = and(eq(courseEnrollments.accountId, accountId), eq(courseEnrollments.courseId, courseId));
  const [[prior], updated, , ...awards] = await deps.db.batch([
    // Read inside the transaction, so of two parallel reports exactly one sees the course uncompleted.
    deps.db.select({ completedAt: courseEnrollments.completedAt }).from(courseEnrollments).where(mine),
    deps.db
      .update(courseEnrollments)
      .set({
        progress: sql`max(${courseEnrollments.progress}, ${progress})`,
        studySeconds: sql`${courseEnrollments.studySeconds} + ${duration}`,
        lastStudyAt: now,
        completedAt: sql`case when ${courseEnrollments.completedAt} is null and max(${courseEnrollments.progress}, ${progress}) >= 100 then ${now} else ${courseEnrollments.completedAt} end`,
      })
      .where(mine)
      .returning(),
    // Columns in table order (id null: assigned); the progress recorded is the enrollment's after the update.
    deps.db
      .insert(courseProgressEvents)
      .select(
        sql`select null, ${accountId}, ${courseId}, ${courseEnrollments.progress}, ${duration}, ${today}, ${now} from ${courseEnrollments} where ${mine}`,
      ),
    ...awardStatements(deps, accountId, ['courses_completed', 'study_hours', 'streak_days'], now, today),
  ]);
  const enrollment = updated[0];
  if (!enrollment) throw notEnrolled();
  return { enrollment, completedNow: prior?.completedAt === null && enrollment.completedAt !== null, newAchievements: earnedIn(awards) };
}

/** What the learner's course list shows of an enrollment (its keys are the row's own). */
const shownEnrollmentColumns = {
  progress: courseEnrollments.progress,
  studySeconds: courseEnrollments.studySeconds,
  enrolledAt: courseEnrollments.enrolledAt,
  lastStudyAt: courseEnrollments.lastStudyAt,
  completedAt: courseEnrollments.completedAt,
};

export interface EnrolledCourse extends CourseView {
  enrollment: Pick<Enrollment, keyof typeof shownEnrollmentColumns>;
  /** The learner's own rating of the course, if any. */
  myRating: number | null;
}

/**
 * The learner's courses, most recently studied first, with each course's active materials: one batch
 * (one D1 round trip), the materials found through the learner's enrollments rather than an id list.
 * Deleted courses stay (the history is theirs). Built once per isolate (src/db/prepared.ts): the
 * learner is bound per request.
 */
const learnerCourses = prepareOnce((db) => {
  const learner = sql.placeholder('learner');
  return db
    .select({
      ...courseViewColumns,
      enrollment: shownEnrollmentColumns,
      myRating: sql<
        number | null
      >`(select ${courseRatings.rating} from ${courseRatings} where ${courseRatings.accountId} = ${learner} and ${courseRatings.courseId} = ${courses.id})`.as(
        'my_rating',
      ),
    })
    .from(courseEnrollments)
    .innerJoin(courses, eq(courses.id, courseEnrollments.courseId))
    .innerJoin(courseCategories, eq(courseCategories.id, courses.categoryId))
    .innerJoin(accounts, eq(accounts.id, courses.teacherId))
    .where(eq(courseEnrollments.accountId, learner))
    .orderBy(
      sql`${courseEnrollments.lastStudyAt} is null`,
      desc(courseEnrollments.lastStudyAt),
      desc(courseEnrollments.enrolledAt),
      desc(courses.id),
    );
});
const learnerMaterials = prepareOnce((db) =>
  materialsQuery(
    db,
    db
      .select({ id: courseEnrollments.courseId })
      .from(courseEnrollments)
      .where(eq(courseEnrollments.accountId, sql.placeholder('learner'))),
  ),
);

export async function enrolledCoursesWithMaterials(
  deps: Deps,
  accountId: number,
): Promise<{ courses: EnrolledCourse[]; materials: Map<number, CourseMaterial[]> }> {
  const [rows, materialRows] = await batchPrepared(deps.db, [learnerCourses, learnerMaterials], { learner: accountId });
  return {
    courses: rows,
    materials: byCourse(
      rows.map((r) => r.course.id),
      materialRows,
    ),
  };
}

export interface LearnerStats {
  studySeconds: number;
  coursesCompleted: number;
  coursesInProgress: number;
  totalCourses: number;
  continuousDays: number;
}

/** Study time is the sum of reported durations; the streak ends today, or yesterday if today has no study yet. */
export async function learnerStats(deps: Deps, accountId: number): Promise<LearnerStats> {
  const today = dayKey(deps.clock.now(), deps.config.timezone);
  // One statement (the route's query budget): each figure is an indexed scalar subquery.
  const row = await deps.db.get<{ seconds: number; enrolled: number; completed: number; today: number; yesterday: number }>(sql`select
    (select coalesce(sum(${courseProgressEvents.durationSeconds}), 0) from ${courseProgressEvents} where ${eq(courseProgressEvents.accountId, accountId)}) as seconds,
    (select count(*) from ${courseEnrollments} where ${eq(courseEnrollments.accountId, accountId)}) as enrolled,
    (select count(*) from ${courseEnrollments} where ${eq(courseEnrollments.accountId, accountId)} and ${courseEnrollments.completedAt} is not null) as completed,
    ${streakEndingOn(accountId, today)} as today,
    ${streakEndingOn(accountId, previousDay(today))} as yesterday`);
  const total = Number(row?.enrolled ?? 0);
  const done = Number(row?.completed ?? 0);
  return {
    studySeconds: Number(row?.seconds ?? 0),
    coursesCompleted: done,
    coursesInProgress: total - done,
    totalCourses: total,
    continuousDays: row ? row.today || row.yesterday : 0,
  };
}
