import { sql } from 'drizzle-orm';
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';

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

/**
 * Learning materials. `file_key` / `thumbnail_key` are R2 keys (the document's `file_path` /
 * `thumbnail_path`); `file_key` is cleared once the object is removed. `bytes_received` feeds the
 * upload progress of chunked uploads.
 */
export const materials = sqliteTable(
  'materials',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    title: text('title').notNull(),
    description: text('description'),
    type: text('type', { enum: ['video', 'pdf'] }).notNull(),
    fileKey: text('file_key'),
    fileSize: integer('file_size').notNull().default(0),
    fileFormat: text('file_format', { enum: ['mp4', 'webm', 'pdf'] }).notNull(),
    contentType: text('content_type').notNull(),
    bytesReceived: integer('bytes_received').notNull().default(0),
    thumbnailKey: text('thumbnail_key'),
    thumbnailStatus: text('thumbnail_status', { enum: ['pending', 'completed', 'failed'] }).notNull().default('pending'),
    uploaderId: integer('uploader_id')
      .notNull()
      .references(() => accounts.id),
    viewCount: integer('view_count').notNull().default(0),
    likeCount: integer('like_count').notNull().default(0),
    status: text('status', { enum: ['processing', 'active', 'hidden'] }).notNull(),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [
    // One index per list order, with and without the type filter (GET /api/v1/materials).
    index('materials_status_created_idx').on(t.status, t.createdAt, t.id),
    index('materials_status_views_idx').on(t.status, t.viewCount, t.id),
    index('materials_status_likes_idx').on(t.status, t.likeCount, t.id),
    index('materials_status_type_created_idx').on(t.status, t.type, t.createdAt, t.id),
    index('materials_status_type_views_idx').on(t.status, t.type, t.viewCount, t.id),
    index('materials_status_type_likes_idx').on(t.status, t.type, t.likeCount, t.id),
    index('materials_uploader_idx').on(t.uploaderId),
    index('materials_file_key_idx').on(t.fileKey),
    index('materials_thumbnail_key_idx').on(t.thumbnailKey),
    index('materials_thumbnail_status_idx').on(t.thumbnailStatus, t.status),
  ],
);

/** One like per account and material; `materials.like_count` is recomputed in the same transaction. */
export const materialLikes = sqliteTable(
  'material_likes',
  {
    materialId: integer('material_id')
      .notNull()
      .references(() => materials.id, { onDelete: 'cascade' }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    createdAt: ms('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.materialId, t.accountId] }), index('material_likes_account_idx').on(t.accountId, t.materialId)],
);

/** A resumable upload: an R2 multipart upload behind one material in `processing`. */
export const uploadSessions = sqliteTable(
  'upload_sessions',
  {
    id: text('id').primaryKey(),
    materialId: integer('material_id')
      .notNull()
      .references(() => materials.id, { onDelete: 'cascade' }),
    accountId: integer('account_id')
      .notNull()
      .references(() => accounts.id),
    r2UploadId: text('r2_upload_id').notNull(),
    fileKey: text('file_key').notNull(),
    filename: text('filename').notNull(),
    size: integer('size').notNull(),
    partSize: integer('part_size').notNull(),
    totalParts: integer('total_parts').notNull(),
    status: text('status', { enum: ['open', 'completed', 'aborted'] }).notNull(),
    createdAt: ms('created_at').notNull(),
    updatedAt: ms('updated_at').notNull(),
  },
  (t) => [index('upload_sessions_material_idx').on(t.materialId), index('upload_sessions_status_idx').on(t.status, t.createdAt)],
);

export const uploadParts = sqliteTable(
  'upload_parts',
  {
    sessionId: text('session_id')
      .notNull()
      .references(() => uploadSessions.id, { onDelete: 'cascade' }),
    partNumber: integer('part_number').notNull(),
    etag: text('etag').notNull(),
    size: integer('size').notNull(),
    uploadedAt: ms('uploaded_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.sessionId, t.partNumber] })],
);

export type MaterialRow = typeof materials.$inferSelect;
export type UploadSessionRow = typeof uploadSessions.$inferSelect;
