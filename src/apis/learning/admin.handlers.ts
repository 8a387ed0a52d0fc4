import type { RouteHandler } from '@hono/zod-openapi';
import { setPaused } from '../../domain/jobs/runner';
import { schedulerStatus } from '../../domain/jobs/status';
import { recordCleanup } from '../../domain/audit/cleanup';
import { cleanup } from '../../domain/materials/cleanup';
import { AppError } from '../../domain/errors';
import type { AppEnv } from '../../env';
import { isoNaiveUtc } from '../../platform/time-zone';
import type * as routes from './admin.routes';
import { CleanupBody } from './admin.routes';

export const cleanupHandler: RouteHandler<typeof routes.cleanup, AppEnv> = async (c) => {
  // The body is optional (validated only when sent as JSON): without one the validator hands over `{}`,
  // so the defaults are applied here again (parsing an already-validated body changes nothing).
  const body = CleanupBody.parse(c.req.valid('json') ?? {});
  const options = { cleanupProcessing: body.cleanup_processing, cleanupOrphans: body.cleanup_orphans, maxAgeMinutes: body.max_age_minutes };
  const r = await cleanup(c.var.deps, options).catch((e: unknown) => {
    // Per-item failures come back in `errors`; this is the whole run failing (e.g. D1 unreachable).
    c.var.deps.log.error('cleanup failed', { error: e instanceof Error ? e.message : String(e) });
    throw new AppError('internal', 'CLEANUP_FAILED', 'Cleanup failed; nothing further was removed');
  });
  await recordCleanup(c.var.deps, c.var.principal, options, r);
  return c.json(
    {
      success: r.success,
      cleaned_records: r.cleanedRecords,
      cleaned_files: r.cleanedFiles,
      duration_seconds: r.durationSeconds,
      errors: r.errors,
    },
    200,
  );
};

export const schedulerStatusHandler: RouteHandler<typeof routes.schedulerStatus, AppEnv> = async (c) => {
  const jobs = await schedulerStatus(c.var.deps);
  return c.json(
    {
      running: true,
      jobs: jobs.map((j) => ({
        id: j.job.id,
        name: j.job.name,
        next_run_time: j.nextRunAt === null ? null : isoNaiveUtc(j.nextRunAt),
        paused: j.paused,
        cron: j.job.cron,
        last_run: j.lastRun && {
          started_at: isoNaiveUtc(j.lastRun.startedAt),
          finished_at: j.lastRun.finishedAt === null ? null : isoNaiveUtc(j.lastRun.finishedAt),
          outcome: j.lastRun.outcome,
          detail: j.lastRun.detail,
        },
      })),
    },
    200,
  );
};

export const pauseJobHandler: RouteHandler<typeof routes.pauseJob, AppEnv> = async (c) => {
  const { job_id } = c.req.valid('param');
  await setPaused(c.var.deps, job_id, true, c.var.principal);
  return c.json({ success: true, message: `Job ${job_id} paused successfully`, job_id }, 200);
};

export const resumeJobHandler: RouteHandler<typeof routes.resumeJob, AppEnv> = async (c) => {
  const { job_id } = c.req.valid('param');
  await setPaused(c.var.deps, job_id, false, c.var.principal);
  return c.json({ success: true, message: `Job ${job_id} resumed successfully`, job_id }, 200);
};
