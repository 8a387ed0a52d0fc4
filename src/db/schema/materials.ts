import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { accounts } from './accounts';
import { ms } from './columns';

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
    thumbnailStatus: text('thumbnail_status', { enum: ['pending', 'completed', 'failed'] })
      .notNull()
      .default('pending'),
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

/**
 * Active materials per type, the total of every GET /api/v1/materials page. Kept by SQLite triggers on
 * `materials` (migrations/0005_material_counts.sql), so the total never counts the index on each read:
 * count(*) walked every active entry of materials_status_created_idx (0.2 ms at 10,000 materials, linear).
 */
export const materialTypeCounts = sqliteTable('material_type_counts', {
  type: text('type', { enum: ['video', 'pdf'] }).primaryKey(),
  active: integer('active').notNull().default(0),
});

export type MaterialRow = typeof materials.$inferSelect;
export type UploadSessionRow = typeof uploadSessions.$inferSelect;
