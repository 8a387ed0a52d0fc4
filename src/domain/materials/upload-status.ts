import { and, eq } from 'drizzle-orm';
import { materials, uploadSessions } from '../../db/schema';
import { deleteObjects } from '../../platform/storage';
import type { Principal } from '../auth/principal';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { materialForOwnerOrAdmin, type Material } from './materials';

export interface UploadStatus {
  material: Material;
  progress: number;
}

/**
 * The document's table: processing 50, active and hidden 100. A chunked upload reports the share
 * of bytes received instead (never 100 before it is completed), so a frontend can draw progress.
 */
export function progressOf(m: Material, chunked: boolean): number {
  if (m.status !== 'processing') return 100;
  if (!chunked || m.fileSize <= 0) return 50;
  return Math.min(99, Math.floor((m.bytesReceived / m.fileSize) * 100));
}

export async function uploadStatus(deps: Deps, principal: Principal, id: number): Promise<UploadStatus> {
  const material = await materialForOwnerOrAdmin(deps, principal, id);
  const session = await deps.db.select({ id: uploadSessions.id }).from(uploadSessions).where(eq(uploadSessions.materialId, id)).get();
  return { material, progress: progressOf(material, !!session) };
}

/** DELETE /upload/{id}: removes the file and thumbnail from R2 and hides the material (the row stays). */
export async function deleteUpload(deps: Deps, principal: Principal, id: number): Promise<void> {
  const m = await materialForOwnerOrAdmin(deps, principal, id);
  if (m.status === 'hidden' && !m.fileKey && !m.thumbnailKey)
    throw new AppError('validation', 'ALREADY_DELETED', 'Material is already deleted');
  const open = await deps.db
    .select()
    .from(uploadSessions)
    .where(and(eq(uploadSessions.materialId, id), eq(uploadSessions.status, 'open')))
    .all();
  for (const s of open)
    await deps.files
      .resumeMultipartUpload(s.fileKey, s.r2UploadId)
      .abort()
      .catch(() => {});
  const failures = await deleteObjects(deps.files, [m.fileKey, m.thumbnailKey]);
  if (failures.length > 0)
    throw new AppError('internal', 'UPLOAD_FAILED', 'The files could not be removed; try again', {
      params: { reason: 'files_not_removed' },
    });
  const now = deps.clock.now();
  await deps.db.batch([
    deps.db.update(materials).set({ status: 'hidden', fileKey: null, thumbnailKey: null, updatedAt: now }).where(eq(materials.id, id)),
    deps.db
      .update(uploadSessions)
      .set({ status: 'aborted', updatedAt: now })
      .where(and(eq(uploadSessions.materialId, id), eq(uploadSessions.status, 'open'))),
  ]);
}
