import type { CleanupOptions, CleanupResult } from '../materials/cleanup';
import type { Deps } from '../deps';
import { recordAudit, type AuditActor } from './entries';

/**
 * A cleanup run is many R2 deletes and D1 statements, not one transaction, so its row is written
 * after the run: a run that completes (per-item errors included: the rest was removed) is recorded
 * with its counts; one that fails as a whole writes nothing. `actor` null: a scheduled run.
 */
export function recordCleanup(deps: Deps, actor: AuditActor | null, options: CleanupOptions, result: CleanupResult): Promise<void> {
  return recordAudit(deps, {
    actor,
    action: 'cleanup.run',
    detail: {
      trigger: actor ? 'manual' : 'cron',
      cleanup_processing: options.cleanupProcessing,
      cleanup_orphans: options.cleanupOrphans,
      max_age_minutes: options.maxAgeMinutes,
      success: result.success,
      cleaned_records: result.cleanedRecords,
      cleaned_files: result.cleanedFiles,
      error_count: result.errors.length,
    },
  });
}
