import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { ms } from './columns';

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
    // GET /api/users/list pages the progress API's users (every role but student) in id order: this index
    // holds only them, so a page stops after its rows instead of walking past the learners between them.
    // SQLite uses a partial index only for a query that repeats its condition (`role <> 'student'`).
    index('accounts_staff_id_idx').on(t.id).where(sql`${t.role} <> 'student'`),
  ],
);

/**
 * Accounts per role, every role but student (the progress API's users): the total of GET /api/users/list.
 * Kept by SQLite triggers on `accounts` (migrations/0007_list_totals.sql), so the total is read, not
 * counted, on each request. Learners are left out so that a learner's sign-up writes no extra row.
 */
export const accountRoleCounts = sqliteTable('account_role_counts', {
  role: text('role').primaryKey(),
  n: integer('n').notNull().default(0),
});

export type AccountRow = typeof accounts.$inferSelect;
export type Role = AccountRow['role'];
