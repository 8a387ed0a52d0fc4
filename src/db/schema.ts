import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** Timestamps are integer milliseconds UTC everywhere; each API formats them its own way. */
const ms = (name: string) => integer(name, { mode: 'number' });

/**
 * One account table behind all five APIs (see ARCHITECTURE.md, "Accounts: one table, five views").
 * A person signs in with e-mail, phone or username depending on the API; each is unique when present,
 * e-mail and username case-insensitively (expression indexes on lower()).
 */
export const accounts = sqliteTable(
  'accounts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    email: text('email'),
    phone: text('phone'),
    username: text('username'),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ['student', 'teacher', 'admin', 'liaison', 'sysadmin'] }).notNull(),
    job: integer('job'),
    avatarUrl: text('avatar_url'),
    isActive: integer('is_active', { mode: 'boolean' }).notNull().default(true),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
    lastLoginAt: ms('last_login_at'),
  },
  (t) => [
    uniqueIndex('accounts_email_lower_uq').on(sql`lower(${t.email})`),
    uniqueIndex('accounts_username_lower_uq').on(sql`lower(${t.username})`),
    uniqueIndex('accounts_phone_uq').on(t.phone),
    index('accounts_role_idx').on(t.role),
  ],
);

/**
 * Refresh tokens: single use. `used_at` is set by a conditional update so that exactly one of two
 * parallel refreshes wins; presenting a used token revokes its whole family (one sign-in session).
 */
export const refreshTokens = sqliteTable(
  'refresh_tokens',
  {
    jti: text('jti').primaryKey(),
    familyId: text('family_id').notNull(),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    issuedAt: ms('issued_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
    usedAt: ms('used_at'),
    revokedAt: ms('revoked_at'),
  },
  (t) => [
    index('refresh_tokens_family_idx').on(t.familyId),
    index('refresh_tokens_account_idx').on(t.accountId),
    index('refresh_tokens_expires_idx').on(t.expiresAt),
  ],
);

/** Pause state of each scheduled job (the cron handler skips a paused job). */
export const jobStates = sqliteTable('job_states', {
  jobId: text('job_id').primaryKey(),
  paused: integer('paused', { mode: 'boolean' }).notNull().default(false),
  updatedAt: ms('updated_at').notNull(),
});

/** One row per scheduled or manual run of a job. */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: text('job_id').notNull(),
    trigger: text('trigger', { enum: ['cron', 'manual'] }).notNull(),
    startedAt: ms('started_at').notNull(),
    finishedAt: ms('finished_at'),
    outcome: text('outcome', { enum: ['running', 'succeeded', 'failed', 'skipped'] }).notNull(),
    detail: text('detail'),
  },
  (t) => [index('job_runs_job_started_idx').on(t.jobId, t.startedAt)],
);

export type AccountRow = typeof accounts.$inferSelect;
export type Role = AccountRow['role'];
