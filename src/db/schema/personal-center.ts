import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { accounts } from './accounts';
import { ms } from './columns';
import { materials } from './materials';

/**
 * The personal-center API's tables (docs/personal-center.md): a 1:1 profile next to `accounts`,
 * the course catalog, enrollments with their progress history, favorites, ratings, achievements
 * and the study community. Categories and achievement definitions are seeded at runtime by an
 * idempotent upsert (src/domain/courses/seed.ts), not by a migration.
 */

/** Profile fields of learners and instructors that the shared accounts table has no column for. */
export const personalProfiles = sqliteTable('personal_profiles', {
  accountId: integer('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  userIntro: text('user_intro'),
  occupation: text('occupation'),
  learningGoal: text('learning_goal'),
  updatedAt: ms('updated_at').notNull(),
});

export const courseCategories = sqliteTable('course_categories', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  sortOrder: integer('sort_order').notNull(),
});

export const courses = sqliteTable(
  'courses',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    description: text('description'),
    /** What the API returns as `cover_img`: a path this Worker serves, or a string the teacher gave. */
    coverImg: text('cover_img'),
    /** The R2 key behind an uploaded cover (null when cover_img is a teacher-given string). */
    coverKey: text('cover_key'),
    categoryId: integer('category_id')
      .notNull()
      .references(() => courseCategories.id),
    teacherId: integer('teacher_id')
      .notNull()
      .references(() => accounts.id),
    difficultyLevel: text('difficulty_level', { enum: ['beginner', 'intermediate', 'advanced'] }).notNull(),
    durationSeconds: integer('duration_seconds').notNull().default(0),
    // Kept by triggers (migrations/0004_stored_counts.sql) on course_enrollments and course_ratings, so
    // every insert, delete and cascade keeps them exact and no list counts rows on read.
    enrolledCount: integer('enrolled_count').notNull().default(0),
    ratingCount: integer('rating_count').notNull().default(0),
    ratingSum: integer('rating_sum').notNull().default(0),
    isOnline: integer('is_online', { mode: 'boolean' }).notNull().default(false),
    /** Set when a teacher deletes a course that has enrollments: it is hidden, learners keep their history. */
    deletedAt: ms('deleted_at'),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    index('courses_online_created_idx').on(t.isOnline, t.deletedAt, t.createdAt, t.id),
    index('courses_category_idx').on(t.categoryId, t.isOnline),
    index('courses_teacher_idx').on(t.teacherId, t.deletedAt, t.createdAt),
  ],
);

/**
 * Listed courses (online, not deleted) per category and difficulty: the total of GET /api/courses without
 * a search. Kept by SQLite triggers on `courses` (migrations/0007_list_totals.sql); at most one row per
 * category and difficulty, so a total sums a handful of rows however large the catalogue.
 */
export const courseListedCounts = sqliteTable(
  'course_listed_counts',
  {
    categoryId: integer('category_id').notNull(),
    difficultyLevel: text('difficulty_level', { enum: ['beginner', 'intermediate', 'advanced'] }).notNull(),
    n: integer('n').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.categoryId, t.difficultyLevel] })],
);

export const courseEnrollments = sqliteTable(
  'course_enrollments',
  {
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    progress: integer('progress').notNull().default(0),
    studySeconds: integer('study_seconds').notNull().default(0),
    enrolledAt: ms('enrolled_at').notNull(),
    lastStudyAt: ms('last_study_at'),
    completedAt: ms('completed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.courseId] }),
    index('course_enrollments_course_idx').on(t.courseId),
    index('course_enrollments_account_idx').on(t.accountId, t.enrolledAt),
    check('course_enrollments_progress_range', sql`${t.progress} between 0 and 100`),
  ],
);

/**
 * One row per accepted progress report. `day` is the calendar day in APP_TIMEZONE at the time of
 * the report (streaks count these days); `duration_seconds` sums to the learner's study time.
 */
export const courseProgressEvents = sqliteTable(
  'course_progress_events',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    progress: integer('progress').notNull(),
    durationSeconds: integer('duration_seconds').notNull(),
    day: text('day').notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    index('course_progress_events_account_day_idx').on(t.accountId, t.day),
    index('course_progress_events_course_idx').on(t.courseId, t.accountId),
  ],
);

export const courseFavorites = sqliteTable(
  'course_favorites',
  {
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.courseId] }),
    index('course_favorites_course_idx').on(t.courseId),
    index('course_favorites_account_idx').on(t.accountId, t.createdAt),
  ],
);

export const courseRatings = sqliteTable(
  'course_ratings',
  {
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    rating: integer('rating').notNull(),
    comment: text('comment'),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.courseId] }),
    index('course_ratings_course_idx').on(t.courseId),
    check('course_ratings_rating_range', sql`${t.rating} between 1 and 5`),
  ],
);

/** Learning-API materials a teacher attached to a course (the materials table is read, never written). */
export const courseMaterials = sqliteTable(
  'course_materials',
  {
    courseId: integer('course_id')
      .notNull()
      .references(() => courses.id, { onDelete: 'cascade' }),
    materialId: integer('material_id')
      .notNull()
      .references(() => materials.id, { onDelete: 'cascade' }),
    addedAt: ms('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.courseId, t.materialId] }), index('course_materials_material_idx').on(t.materialId)],
);

/** Achievement definitions, mirrored from src/domain/achievements/definitions.ts (fixed ids). */
export const achievements = sqliteTable('achievements', {
  id: integer('id').primaryKey(),
  achievementType: text('achievement_type', { enum: ['learning', 'social', 'other'] }).notNull(),
  metric: text('metric').notNull(),
  name: text('name').notNull(),
  description: text('description').notNull(),
  iconClass: text('icon_class').notNull(),
  requiredValue: integer('required_value').notNull(),
  sortOrder: integer('sort_order').notNull(),
});

/** One row per earned achievement; the primary key is what makes "exactly once" hold under races. */
export const earnedAchievements = sqliteTable(
  'earned_achievements',
  {
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    achievementId: integer('achievement_id')
      .notNull()
      .references(() => achievements.id, { onDelete: 'cascade' }),
    earnedAt: ms('earned_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.accountId, t.achievementId] })],
);

/** Study teams and study rooms: the same shape, told apart by `kind`. */
export const communityGroups = sqliteTable(
  'community_groups',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind', { enum: ['team', 'room'] }).notNull(),
    name: text('name').notNull(),
    description: text('description'),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    maxMembers: integer('max_members').notNull(),
    /** Kept by triggers on community_members (migrations/0004_stored_counts.sql). */
    memberCount: integer('member_count').notNull().default(0),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('community_groups_kind_created_idx').on(t.kind, t.createdAt, t.id), index('community_groups_owner_idx').on(t.ownerId)],
);

export const communityMembers = sqliteTable(
  'community_members',
  {
    groupId: integer('group_id')
      .notNull()
      .references(() => communityGroups.id, { onDelete: 'cascade' }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    joinedAt: ms('joined_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.accountId] }), index('community_members_account_idx').on(t.accountId, t.groupId)],
);

export type CourseRow = typeof courses.$inferSelect;
export type CourseEnrollmentRow = typeof courseEnrollments.$inferSelect;
export type CommunityGroupRow = typeof communityGroups.$inferSelect;
export type AchievementRow = typeof achievements.$inferSelect;
export type PersonalProfileRow = typeof personalProfiles.$inferSelect;
