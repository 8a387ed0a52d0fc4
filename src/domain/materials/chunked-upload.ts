import { and, asc, eq, sql } from 'drizzle-orm';
import { materials, uploadParts, uploadSessions, type UploadSessionRow } from '../../db/schema';
import { peekStream, SNIFF_BYTES, sniffFileType } from '../../platform/file-types';
import { discardRest } from '../../platform/request-body';
import { isAdminRole } from '../accounts/roles';
import type { Principal } from '../auth/principal';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { uploadFailed } from './direct-upload';
import { materialFileFrom, maxBytesFor, tooLarge, validDescription, validTitle } from './file-policy';
import { materialFileKey } from './keys';
import type { Material } from './materials';

export interface NewUploadSession {
  filename: string;
  size: number;
  type: Material['type'];
  title: string;
  description?: string;
}

export interface UploadSessionView {
  session: UploadSessionRow;
  receivedParts: { partNumber: number; size: number }[];
  bytesReceived: number;
}

const DEFAULT_FORMAT = {
  video: { format: 'mp4', contentType: 'video/mp4' },
  pdf: { format: 'pdf', contentType: 'application/pdf' },
} as const;

/**
 * Resumable uploads on R2 multipart uploads, for files above a Worker's request-body limit: the
 * client creates a session, PUTs each part (any order, retries allowed), reads the session to see
 * what is missing after a drop, then completes or aborts. Memory is bounded by one part.
 */
export async function createUploadSession(deps: Deps, principal: Principal, input: NewUploadSession): Promise<UploadSessionView> {
  const title = validTitle(input.title);
  const description = validDescription(input.description);
  const limit = maxBytesFor(deps.config.uploads, input.type);
  if (input.size > limit) throw tooLarge(input.type, limit);
  const partSize = deps.config.uploads.partSizeBytes;
  const now = deps.clock.now();
  const guess = DEFAULT_FORMAT[input.type];
  // The R2 key is fixed before any byte arrives: its extension follows the file name when that names
  // a format of the announced type (part 1 is sniffed and must match the type, not the name).
  const named = /\.(mp4|webm|pdf)$/i.exec(input.filename)?.[1]?.toLowerCase();
  const extension = named && (input.type === 'pdf') === (named === 'pdf') ? named : guess.format;
  const key = materialFileKey(principal.accountId, now, extension);
  let r2UploadId: string;
  try {
    r2UploadId = (await deps.files.createMultipartUpload(key)).uploadId;
  } catch {
    throw uploadFailed('storage_unavailable');
  }
  // One batch, so a D1 failure leaves neither row (a material without its session would linger as
  // `processing` with an R2 upload nobody can abort); the session finds its material by the unique key.
  const insertMaterial = deps.db.insert(materials).values({
    title,
    description,
    type: input.type,
    fileKey: key,
    fileSize: input.size,
    fileFormat: guess.format,
    contentType: guess.contentType,
    uploaderId: principal.accountId,
    status: 'processing',
    createdAt: now,
    updatedAt: now,
  });
  const insertSession = deps.db
    .insert(uploadSessions)
    .values({
      id: crypto.randomUUID(),
      materialId: sql`(select ${materials.id} from ${materials} where ${materials.fileKey} = ${key})`,
      accountId: principal.accountId,
      r2UploadId,
      fileKey: key,
      filename: input.filename,
      size: input.size,
      partSize,
      totalParts: Math.max(1, Math.ceil(input.size / partSize)),
      status: 'open',
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  let session: UploadSessionRow | undefined;
  try {
    [, [session]] = await deps.db.batch([insertMaterial, insertSession]);
  } catch (e) {
    await deps.files
      .resumeMultipartUpload(key, r2UploadId)
      .abort()
      .catch((err) => deps.log.warn('R2 multipart abort failed after a failed session insert', { error: String(err) }));
    throw e;
  }
  return { session: session!, receivedParts: [], bytesReceived: 0 };
}

async function ownedSession(deps: Deps, principal: Principal, id: string): Promise<UploadSessionRow> {
  const session = await deps.db.select().from(uploadSessions).where(eq(uploadSessions.id, id)).get();
  if (!session) throw new AppError('not_found', 'NOT_FOUND', 'Upload session not found', { params: { what: 'upload_session' } });
  if (session.accountId !== principal.accountId && !isAdminRole(principal.role)) {
    throw new AppError('forbidden', 'FORBIDDEN', 'This upload belongs to another user', { params: { rule: 'upload_owner' } });
  }
  return session;
}

function openSession(session: UploadSessionRow): void {
  if (session.status !== 'open')
    throw new AppError('validation', 'INVALID_STATUS', `Upload session is ${session.status}`, {
      params: { rule: 'session_open', status: session.status },
    });
}

export function expectedPartSize(session: UploadSessionRow, partNumber: number): number {
  return partNumber < session.totalParts ? session.partSize : session.size - session.partSize * (session.totalParts - 1);
}

export async function getUploadSession(deps: Deps, principal: Principal, id: string): Promise<UploadSessionView> {
  return viewOf(deps, await ownedSession(deps, principal, id));
}

async function viewOf(deps: Deps, session: UploadSessionRow): Promise<UploadSessionView> {
  const parts = await deps.db
    .select({ partNumber: uploadParts.partNumber, size: uploadParts.size })
    .from(uploadParts)
    .where(eq(uploadParts.sessionId, session.id))
    .orderBy(asc(uploadParts.partNumber))
    .all();
  return { session, receivedParts: parts, bytesReceived: parts.reduce((s, p) => s + p.size, 0) };
}

/**
 * Streams one part into R2. The body must have exactly the part's size (FixedLengthStream makes
 * R2 refuse anything else); part 1 is sniffed, and a file that is not of the announced type is refused.
 */
export async function uploadPart(
  deps: Deps,
  principal: Principal,
  id: string,
  partNumber: number,
  body: ReadableStream<Uint8Array> | null,
  contentLength: number | null,
): Promise<UploadSessionView> {
  const session = await ownedSession(deps, principal, id);
  openSession(session);
  if (!Number.isInteger(partNumber) || partNumber < 1 || partNumber > session.totalParts) {
    throw new AppError('validation', 'PART_NUMBER_INVALID', `part_number must be 1-${session.totalParts}`, {
      params: { max: session.totalParts },
    });
  }
  const expected = expectedPartSize(session, partNumber);
  if (!body || contentLength !== expected) {
    throw new AppError(
      'validation',
      'VALIDATION_ERROR',
      `Part ${partNumber} must be exactly ${expected} bytes (Content-Length ${contentLength ?? 'missing'})`,
      { params: { rule: 'part_size', part: partNumber, expected, ...(contentLength === null ? {} : { sent: contentLength }) } },
    );
  }
  let stream = body;
  if (partNumber === 1) {
    const peeked = await peekStream(body, SNIFF_BYTES);
    const material = await deps.db.select({ type: materials.type }).from(materials).where(eq(materials.id, session.materialId)).get();
    const file = (() => {
      try {
        return materialFileFrom(sniffFileType(peeked.head));
      } catch (e) {
        return e as AppError;
      }
    })();
    if (file instanceof AppError || material?.type !== file.type) {
      await discardRest(peeked.stream);
      if (file instanceof AppError) throw file;
      throw new AppError('unsupported_media', 'UNSUPPORTED_FILE_TYPE', `The file is a ${file.type}, not the announced ${material?.type}`, {
        params: { what: 'announced', found: file.type, announced: String(material?.type) },
      });
    }
    await deps.db
      .update(materials)
      .set({ fileFormat: file.format, contentType: file.contentType })
      .where(eq(materials.id, session.materialId))
      .run();
    stream = peeked.stream;
  }
  const fixed = new FixedLengthStream(expected);
  // If R2 gives up without draining the stream, the pipe would wait forever: stop it.
  const stop = new AbortController();
  // preventCancel: a stopped pipe leaves the request body to discardRest below, never cancelled.
  const piping = stream.pipeTo(fixed.writable, { signal: stop.signal, preventCancel: true }).catch(() => {});
  let etag: string;
  try {
    etag = (await deps.files.resumeMultipartUpload(session.fileKey, session.r2UploadId).uploadPart(partNumber, fixed.readable)).etag;
  } catch {
    stop.abort();
    await piping;
    await discardRest(stream);
    throw uploadFailed('part_not_stored', { part: partNumber });
  } finally {
    await piping;
  }
  const now = deps.clock.now();
  await deps.db.batch([
    deps.db
      .insert(uploadParts)
      .values({ sessionId: id, partNumber, etag, size: expected, uploadedAt: now })
      .onConflictDoUpdate({ target: [uploadParts.sessionId, uploadParts.partNumber], set: { etag, size: expected, uploadedAt: now } }),
    deps.db
      .update(materials)
      .set({
        bytesReceived: sql`(select coalesce(sum(size), 0) from ${uploadParts} where ${uploadParts.sessionId} = ${id})`,
        updatedAt: now,
      })
      .where(eq(materials.id, session.materialId)),
    deps.db.update(uploadSessions).set({ updatedAt: now }).where(eq(uploadSessions.id, id)),
  ]);
  return viewOf(deps, session);
}

/** Assembles the parts; the material becomes active with its thumbnail pending. */
export async function completeUpload(deps: Deps, principal: Principal, id: string): Promise<Material> {
  const session = await ownedSession(deps, principal, id);
  openSession(session);
  const view = await viewOf(deps, session);
  const missing = missingParts(view);
  if (missing.length > 0) {
    throw new AppError(
      'validation',
      'VALIDATION_ERROR',
      `Parts still missing: ${missing.slice(0, 20).join(', ')}${missing.length > 20 ? ', ...' : ''}`,
      { params: { rule: 'parts_missing', missing: missing.map(String) } },
    );
  }
  const parts = await deps.db.select().from(uploadParts).where(eq(uploadParts.sessionId, id)).orderBy(asc(uploadParts.partNumber)).all();
  try {
    await deps.files
      .resumeMultipartUpload(session.fileKey, session.r2UploadId)
      .complete(parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag })));
  } catch {
    // A parallel completion (or an earlier one cut short before D1 was updated) may have assembled it already.
    const assembled = await deps.files.head(session.fileKey).catch(() => null);
    if (assembled?.size !== session.size) throw uploadFailed('parts_not_assembled');
  }
  const now = deps.clock.now();
  const [, updated] = await deps.db.batch([
    deps.db
      .update(uploadSessions)
      .set({ status: 'completed', updatedAt: now })
      .where(and(eq(uploadSessions.id, id), eq(uploadSessions.status, 'open'))),
    deps.db
      .update(materials)
      .set({ status: 'active', fileSize: session.size, bytesReceived: session.size, updatedAt: now })
      .where(and(eq(materials.id, session.materialId), eq(materials.status, 'processing')))
      .returning(),
  ]);
  if (updated[0]) return updated[0];
  // Completed by a parallel request: answer as it did.
  const current = await deps.db.select().from(materials).where(eq(materials.id, session.materialId)).get();
  if (current?.status === 'active') return current;
  throw uploadFailed('removed_while_completing');
}

/** Stops the upload: R2 drops the parts, the material is hidden. */
export async function abortUpload(deps: Deps, principal: Principal, id: string): Promise<void> {
  const session = await ownedSession(deps, principal, id);
  openSession(session);
  await deps.files
    .resumeMultipartUpload(session.fileKey, session.r2UploadId)
    .abort()
    .catch((e) => deps.log.warn('R2 multipart abort failed; cleanup will retry', { error: String(e) }));
  const now = deps.clock.now();
  await deps.db.batch([
    deps.db.update(uploadSessions).set({ status: 'aborted', updatedAt: now }).where(eq(uploadSessions.id, id)),
    deps.db.update(materials).set({ status: 'hidden', fileKey: null, updatedAt: now }).where(eq(materials.id, session.materialId)),
  ]);
}

export function missingParts(view: UploadSessionView): number[] {
  const have = new Set(view.receivedParts.map((p) => p.partNumber));
  const missing: number[] = [];
  for (let n = 1; n <= view.session.totalParts; n++) if (!have.has(n)) missing.push(n);
  return missing;
}
