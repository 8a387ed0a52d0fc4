import { purgeExpiredRefreshTokens } from '../auth/sessions';
import type { Deps } from '../deps';

export interface JobDefinition {
  id: string;
  name: string;
  /** Must appear in wrangler.toml [triggers] crons; a test checks both lists agree. */
  cron: string;
  run(deps: Deps): Promise<string>;
}

export const JOBS: readonly JobDefinition[] = [
  {
    id: 'token_cleanup_job',
    name: 'purge_expired_refresh_tokens',
    cron: '17 3 * * *',
    run: async (deps) => `deleted ${await purgeExpiredRefreshTokens(deps)} expired refresh tokens`,
  },
];

export const findJob = (id: string) => JOBS.find((j) => j.id === id);
export const jobsForCron = (cron: string) => JOBS.filter((j) => j.cron === cron);
