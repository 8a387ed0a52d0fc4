import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { accounts } from './accounts';
import { ms } from './columns';

/**
 * Schools, shared by the campus API (teachers create them, administrators approve them) and the
 * excourse API (teachers register into an approved one). Status: 1 pending, 2 approved, 3 rejected.
 * A name is unique (case-insensitively) among schools that are not rejected, so a rejected school
 * does not block the name for someone else.
 */
export const schools = sqliteTable(
  'schools',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    name: text('name').notNull(),
    status: integer('status').notNull().default(1),
    rejectReason: text('reject_reason').notNull().default(''),
    ownerId: integer('owner_id')
      .notNull()
      .references(() => accounts.id),
    reviewedBy: integer('reviewed_by').references(() => accounts.id, { onDelete: 'set null' }),
    reviewedAt: ms('reviewed_at'),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    check('schools_status_ck', sql`${t.status} in (1, 2, 3)`),
    uniqueIndex('schools_name_open_uq').on(sql`lower(${t.name})`).where(sql`${t.status} <> 3`),
    index('schools_owner_idx').on(t.ownerId, t.id),
    index('schools_status_idx').on(t.status, t.id),
  ],
);

/**
 * Schools per status: the totals of GET /v1/admin/schools. Kept by SQLite triggers on `schools`
 * (migrations/0007_list_totals.sql).
 */
export const schoolStatusCounts = sqliteTable('school_status_counts', {
  status: integer('status').primaryKey(),
  n: integer('n').notNull().default(0),
});

/**
 * Who belongs to which school: excourse teachers (their `school_id`) and campus students. One school
 * per account. The school reference has no cascade: a school with members cannot be deleted.
 */
export const schoolMembers = sqliteTable(
  'school_members',
  {
    accountId: integer('account_id')
      .primaryKey()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    schoolId: integer('school_id')
      .notNull()
      .references(() => schools.id),
    role: text('role', { enum: ['teacher', 'student'] }).notNull(),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [index('school_members_school_idx').on(t.schoolId, t.role, t.accountId)],
);

/**
 * The excourse document's teacher fields that the shared accounts table does not hold (1:1).
 * `registered`: the account signed up through the excourse API, which is what makes it an excourse
 * teacher (readable by every signed-in user). A row alone does not: any non-student account that edits
 * itself through excourse (`PUT /users/{pk}/`) gets one, with `registered` false.
 */
export const excourseProfiles = sqliteTable('excourse_profiles', {
  accountId: integer('account_id')
    .primaryKey()
    .references(() => accounts.id, { onDelete: 'cascade' }),
  workId: text('work_id'),
  wechat: text('wechat'),
  isGrade: integer('is_grade').notNull().default(0),
  isSuper: integer('is_super').notNull().default(0),
  isDelete: integer('is_delete', { mode: 'boolean' }).notNull().default(false),
  registered: integer('registered', { mode: 'boolean' }).notNull().default(true),
  createdAt: ms('created_at').notNull(),
  updatedAt: ms('updated_at').notNull(),
});

/**
 * One row per SMS code sent: both the codes and the send log. Sends are reserved by a conditional
 * insert (nothing sent in the last minute, under the daily cap) and attempts are counted by a
 * conditional update, so both stay exact under parallel requests. Only the newest code of a phone
 * and purpose can be used. `code_hash` is an HMAC of the code, never the code itself.
 */
export const smsCodes = sqliteTable(
  'sms_codes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    phone: text('phone').notNull(),
    purpose: text('purpose', { enum: ['register'] }).notNull(),
    codeHash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    clientIp: text('client_ip'),
    delivery: text('delivery', { enum: ['pending', 'sent', 'failed'] })
      .notNull()
      .default('pending'),
    createdAt: ms('created_at').notNull(),
    expiresAt: ms('expires_at').notNull(),
    consumedAt: ms('consumed_at'),
  },
  (t) => [
    index('sms_codes_phone_idx').on(t.phone, t.purpose, t.id),
    index('sms_codes_phone_created_idx').on(t.phone, t.createdAt),
    index('sms_codes_ip_created_idx').on(t.clientIp, t.createdAt),
    index('sms_codes_created_idx').on(t.createdAt),
  ],
);

export type SchoolRow = typeof schools.$inferSelect;
export type SmsCodeRow = typeof smsCodes.$inferSelect;
