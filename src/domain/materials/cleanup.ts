import { and, eq, inArray, lt, or } from 'drizzle-orm';
import { materials, uploadSessions } from '../../db/schema';
import { deleteObjects } from '../../platform/storage';
import type { Deps } from '../deps';
import { MATERIALS_PREFIX, THUMBNAILS_PREFIX } from './keys';

export interface CleanupOptions {
  cleanupProcessing: boolean;
  cleanupOrphans: boolean;
  maxAgeMinutes: number;
}

export interface CleanupResult {
  success: boolean;
  cleanedRecords: number;
  cleanedFiles: number;
  durationSeconds: number;
  errors: string[];
}

/** D1 allows 100 bound parameters per statement. */
const KEYS_PER_QUERY = 90;
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Removes what failed uploads leave behind: `processing` rows older than the cut-off (with their
 * R2 objects and unfinished multipart uploads), and objects under materials/ and thumbnails/ that
 * no row references. Every failure is collected per item; the rest still runs.
 */
export async function cleanup(deps: Deps, opts: CleanupOptions): Promise<CleanupResult> {
  const started = deps.clock.now();
  const result: CleanupResult = { success: true, cleanedRecords: 0, cleanedFiles: 0, durationSeconds: 0, errors: [] };
  if (opts.cleanupProcessing) await cleanupStaleProcessing(deps, started - opts.maxAgeMinutes * 60_000, result);
  if (opts.cleanupOrphans) await cleanupOrphans(deps, result);
  result.success = result.errors.length === 0;
  result.durationSeconds = Math.round((deps.clock.now() - started) / 10) / 100;
  return result;
}

async function cleanupStaleProcessing(deps: Deps, cutoff: number, result: CleanupResult): Promise<void> {
  const stale = await deps.db
    .select()
    .from(materials)
    .where(and(eq(materials.status, 'processing'), lt(materials.updatedAt, cutoff)))
    .limit(500)
    .all();
  for (const m of stale) {
    try {
      const sessions = await deps.db.select().from(uploadSessions).where(eq(uploadSessions.materialId, m.id)).all();
      for (const s of sessions) {
        if (s.status === 'open')
          await deps.files
            .resumeMultipartUpload(s.fileKey, s.r2UploadId)
            .abort()
            .catch(() => {});
      }
      const failures = await deleteObjects(deps.files, [m.fileKey, m.thumbnailKey]);
      if (failures.length > 0) throw new Error(failures.map((f) => `${f.key}: ${f.error}`).join('; '));
      // An unfinished resumable upload has parts in R2 but no object under its key yet.
      if (m.fileKey && !sessions.some((s) => s.status === 'open')) result.cleanedFiles++;
      // Cascades to its upload session and parts.
      const gone = await deps.db
        .delete(materials)
        .where(and(eq(materials.id, m.id), eq(materials.status, 'processing')))
        .returning({ id: materials.id });
      result.cleanedRecords += gone.length;
    } catch (e) {
      result.errors.push(`material ${m.id}: ${errorText(e)}`);
    }
  }
}

async function cleanupOrphans(deps: Deps, result: CleanupResult): Promise<void> {
  for (const prefix of [MATERIALS_PREFIX, THUMBNAILS_PREFIX]) {
    let cursor: string | undefined;
    do {
      let listed: R2Objects;
      try {
        listed = await deps.files.list({ prefix, cursor, limit: 1000 });
      } catch (e) {
        result.errors.push(`listing ${prefix}: ${errorText(e)}`);
        break;
      }
      const keys = listed.objects.map((o) => o.key);
      const orphans: string[] = [];
      for (let i = 0; i < keys.length; i += KEYS_PER_QUERY) {
        const chunk = keys.slice(i, i + KEYS_PER_QUERY);
        const referenced = await deps.db
          .select({ fileKey: materials.fileKey, thumbnailKey: materials.thumbnailKey })
          .from(materials)
          .where(or(inArray(materials.fileKey, chunk), inArray(materials.thumbnailKey, chunk)))
          .all();
        const used = new Set(referenced.flatMap((r) => [r.fileKey, r.thumbnailKey]));
        orphans.push(...chunk.filter((k) => !used.has(k)));
      }
      const failures = await deleteObjects(deps.files, orphans);
      result.cleanedFiles += orphans.length - failures.length;
      result.errors.push(...failures.map((f) => `${f.key}: ${f.error}`));
      cursor = listed.truncated ? listed.cursor : undefined;
    } while (cursor);
  }
}
