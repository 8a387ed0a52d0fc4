import { and, eq } from 'drizzle-orm';
import { materials } from '../../db/schema';
import { sniffFileType, peekStream, SNIFF_BYTES } from '../../platform/file-types';
import { MultipartError, PartTooLargeError, type MultipartPart } from '../../platform/multipart';
import { deleteObjects, putStream, SizeLimitExceeded, StorageFailure } from '../../platform/storage';
import type { Deps } from '../deps';
import { AppError, fieldIssue, type Params } from '../errors';
import { materialFileFrom, maxBytesFor, THUMBNAIL_MAX_BYTES, thumbnailFrom, tooLarge, validDescription, validTitle } from './file-policy';
import { materialFileKey, thumbnailKey } from './keys';
import type { Material } from './materials';

const FIELD_TEXT_MAX_BYTES = 64 * 1024;

/**
 * One field of the upload form is wrong (named as the form names it): UPLOAD_FORM_INVALID, with the
 * field's code (FILE_DUPLICATE, FILE_REQUIRED, MULTIPART_INVALID) for the API to word.
 */
export function formError(field: string, code: string, message: string, params?: Params): AppError {
  return new AppError('validation', 'UPLOAD_FORM_INVALID', `Upload form: ${field}: ${message}`, {
    fields: [fieldIssue(field, code, message, params)],
  });
}

/** The upload could not be finished; `reason` says why (storage_unavailable, part_not_stored, ...). */
export const uploadFailed = (reason: string, params: Params = {}) =>
  new AppError('internal', 'UPLOAD_FAILED', `Upload failed: ${reason}`, { params: { reason, ...params } });

/** Turns the low-level failures of parsing and storing into the API's errors. */
function asAppError(e: unknown, what: { type: Material['type'] | 'thumbnail'; limit: number } | null): unknown {
  if (e instanceof AppError) return e;
  if (e instanceof SizeLimitExceeded && what) return tooLarge(what.type, what.limit);
  if (e instanceof PartTooLargeError) return tooLarge('thumbnail', THUMBNAIL_MAX_BYTES);
  if (e instanceof MultipartError) return formError('(body)', 'MULTIPART_INVALID', e.message, { detail: e.message });
  if (e instanceof StorageFailure) return uploadFailed('storage_unavailable');
  return e;
}

interface StoredFile {
  materialId: number;
  key: string;
}

/**
 * POST /upload: streams the `file` part into R2 while the body is parsed. The row exists as
 * `processing` from the first byte (so status and cleanup can see it) and becomes `active` only
 * when every part has arrived and been checked; any failure removes the object and the row.
 */
export async function uploadDirect(deps: Deps, uploaderId: number, parts: AsyncIterable<MultipartPart>): Promise<Material> {
  let title: string | undefined;
  let description: string | undefined;
  let thumbnail: { bytes: Uint8Array; ext: string; contentType: string } | undefined;
  let stored: StoredFile | undefined;
  try {
    for await (const part of parts) {
      if (part.name === 'title') title = await part.text(FIELD_TEXT_MAX_BYTES);
      else if (part.name === 'description') description = await part.text(FIELD_TEXT_MAX_BYTES);
      else if (part.name === 'thumbnail') {
        const bytes = await part.bytes(THUMBNAIL_MAX_BYTES);
        if (bytes.byteLength > 0) thumbnail = { bytes, ...thumbnailFrom(sniffFileType(bytes.subarray(0, SNIFF_BYTES))) };
      } else if (part.name === 'file') {
        // A browser form with no file chosen sends an empty part with filename="".
        if (part.filename === '') {
          await part.skip();
          continue;
        }
        if (stored) throw formError('file', 'FILE_DUPLICATE', 'More than one file part');
        stored = await storeFilePart(deps, uploaderId, part, (s) => (stored = s));
      } else {
        // Read only the declared parts, as FastAPI and the other multipart routes do (docs/decisions.md).
        await part.skip();
      }
    }
    if (!stored) throw formError('file', 'FILE_REQUIRED', 'No file part');
    const now = deps.clock.now();
    const checkedTitle = validTitle(title);
    const checkedDescription = validDescription(description);
    // A sent thumbnail is stored now (the row points to it first, so an orphan scan never takes it);
    // the thumbnail job, not the request, marks it completed.
    let thumb: { thumbnailKey: string } | undefined;
    if (thumbnail) {
      const key = thumbnailKey(stored.materialId, thumbnail.ext);
      const t = thumbnail;
      await deps.db.update(materials).set({ thumbnailKey: key }).where(eq(materials.id, stored.materialId)).run();
      await storage(() => deps.files.put(key, t.bytes, { httpMetadata: { contentType: t.contentType } }));
      thumb = { thumbnailKey: key };
    }
    // Only a row still `processing` becomes active: one deleted meanwhile stays deleted.
    const [row] = await deps.db
      .update(materials)
      .set({ title: checkedTitle, description: checkedDescription, status: 'active', updatedAt: now, ...thumb })
      .where(and(eq(materials.id, stored.materialId), eq(materials.status, 'processing')))
      .returning();
    if (!row) throw uploadFailed('removed_while_uploading');
    return row;
  } catch (e) {
    if (stored) await discard(deps, stored);
    throw asAppError(e, null);
  }
}

async function storage<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch {
    throw uploadFailed('storage_unavailable');
  }
}

async function storeFilePart(deps: Deps, uploaderId: number, part: MultipartPart, onCreated: (s: StoredFile) => void): Promise<StoredFile> {
  const { head, stream } = await peekStream(part.body, SNIFF_BYTES);
  const file = materialFileFrom(sniffFileType(head));
  const limit = maxBytesFor(deps.config.uploads, file.type);
  const now = deps.clock.now();
  const key = materialFileKey(uploaderId, now, file.format);
  const row = await deps.db
    .insert(materials)
    .values({
      title: part.filename ?? 'upload',
      type: file.type,
      fileKey: key,
      fileFormat: file.format,
      contentType: file.contentType,
      uploaderId,
      status: 'processing',
      createdAt: now,
      updatedAt: now,
    })
    .returning({ id: materials.id })
    .get();
  const stored = { materialId: row!.id, key };
  onCreated(stored);
  try {
    // Each stored part refreshes the row, so status shows progress and cleanup never takes a live upload for a stale one.
    const onPartStored = (bytes: number) =>
      deps.db.update(materials).set({ bytesReceived: bytes, updatedAt: deps.clock.now() }).where(eq(materials.id, stored.materialId)).run();
    const { size } = await putStream(deps.files, key, stream, {
      maxBytes: limit,
      partSizeBytes: deps.config.uploads.partSizeBytes,
      contentType: file.contentType,
      onPartStored,
    });
    await deps.db
      .update(materials)
      .set({ fileSize: size, bytesReceived: size, updatedAt: deps.clock.now() })
      .where(eq(materials.id, stored.materialId))
      .run();
  } catch (e) {
    throw asAppError(e, { type: file.type, limit });
  }
  return stored;
}

async function discard(deps: Deps, stored: StoredFile): Promise<void> {
  const failures = await deleteObjects(deps.files, [stored.key]);
  for (const f of failures) deps.log.error('could not remove a failed upload; cleanup will retry', { key: f.key, error: f.error });
  await deps.db
    .delete(materials)
    .where(eq(materials.id, stored.materialId))
    .run()
    .catch((e) =>
      deps.log.error('could not remove a failed upload row; cleanup will retry', { material_id: stored.materialId, error: String(e) }),
    );
}
