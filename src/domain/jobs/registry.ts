import { recordCleanup } from '../audit/cleanup';
import { purgeExpiredRefreshTokens } from '../auth/sessions';
import type { Deps } from '../deps';
import { cleanup } from '../materials/cleanup';
import { renderPendingThumbnails } from '../materials/thumbnails';

export interface JobDefinition {
  id: string;
  name: string;
  /** Must appear in wrangler.toml [triggers] crons; a test checks both lists agree. */
  cron: string;
  run(deps: Deps): Promise<string>;
}

/** Cron expressions are UTC, as Cron Triggers run them. */
export const JOBS: readonly JobDefinition[] = [
  {
    id: 'cleanup_job',
    name: 'cleanup_stale_records',
    cron: '*/30 * * * *',
    run: async (deps) => {
      const options = { cleanupProcessing: true, cleanupOrphans: true, maxAgeMinutes: 30 };
      const r = await cleanup(deps, options);
      await recordCleanup(deps, null, options, r);
      const summary = `cleaned ${r.cleanedRecords} records and ${r.cleanedFiles} files`;
      if (!r.success) throw new Error(`${summary}; errors: ${r.errors.slice(0, 5).join('; ')}`);
      return summary;
    },
  },
  {
    id: 'thumbnail_job',
    name: 'generate_thumbnails',
    cron: '*/5 * * * *',
    run: async (deps) => {
      const r = await renderPendingThumbnails(deps);
      const summary = `${r.completed} thumbnails completed, ${r.placeholders} placeholders`;
      if (r.failed > 0) throw new Error(`${summary}, ${r.failed} failed`);
      return summary;
    },
  },
  {
    id: 'token_cleanup_job',
    name: 'purge_expired_refresh_tokens',
    cron: '17 3 * * *',
    run: async (deps) => `deleted ${await purgeExpiredRefreshTokens(deps)} expired refresh tokens`,
  },
];

export const findJob = (id: string) => JOBS.find((j) => j.id === id);
export const jobsForCron = (cron: string) => JOBS.filter((j) => j.cron === cron);
