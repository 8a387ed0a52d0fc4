import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { accounts } from './accounts';
import { ms } from './columns';

/** Departments of the course-production (progress) API. Names are unique case-insensitively (ASCII). */
export const departments = sqliteTable(
  'departments',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    createdBy: integer('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [uniqueIndex('departments_name_lower_uq').on(sql`lower(${t.name})`)],
);

/**
 * The progress API's fields of an account (1:1, keyed by account id): department, creator and job.
 * Accounts created through other APIs have no row; they read as no department, no creator, and the
 * job that matches their role.
 */
export const progressProfiles = sqliteTable(
  'progress_profiles',
  {
    accountId: integer('account_id')
      .primaryKey()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    departmentId: integer('department_id').references(() => departments.id),
    creatorId: integer('creator_id').references(() => accounts.id, { onDelete: 'set null' }),
    job: integer('job').notNull(),
  },
  (t) => [index('progress_profiles_department_idx').on(t.departmentId, t.accountId)],
);

/**
 * A micro-lesson to produce, assigned to one teacher. Each stage of `progress_status` (0-5) has the
 * time it was last entered; `finish_time` is when the task reached 5 (cleared if it leaves 5).
 */
export const lessonTasks = sqliteTable(
  'lesson_tasks',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    courseName: text('course_name').notNull(),
    microLessonName: text('micro_lesson_name').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => accounts.id),
    progressStatus: integer('progress_status').notNull().default(0),
    scriptCreateTime: ms('script_create_time'),
    scriptReviewTime: ms('script_review_time'),
    scriptConfirmTime: ms('script_confirm_time'),
    videoCreateTime: ms('video_create_time'),
    videoConfirmTime: ms('video_confirm_time'),
    finishTime: ms('finish_time'),
    advise: text('advise').notNull().default(''),
    createdBy: integer('created_by').references(() => accounts.id, { onDelete: 'set null' }),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  // Lists are in id order, filtered by assignee (a teacher's own list, ?userId=) or by the assignee's department (a join).
  (t) => [index('lesson_tasks_user_idx').on(t.userId, t.id)],
);

/**
 * The number of lesson tasks (one row, id 1, made by the first task): an administrator's total of
 * GET /api/lesson-tasks. Kept by SQLite triggers on `lesson_tasks` (migrations/0007_list_totals.sql).
 */
export const lessonTaskCounts = sqliteTable(
  'lesson_task_counts',
  {
    id: integer('id').primaryKey(),
    n: integer('n').notNull().default(0),
  },
  (t) => [check('lesson_task_counts_one_row_ck', sql`${t.id} = 1`)],
);

export type DepartmentRow = typeof departments.$inferSelect;
export type ProgressProfileRow = typeof progressProfiles.$inferSelect;
export type LessonTaskRow = typeof lessonTasks.$inferSelect;
