import { createExecutionContext, createScheduledController, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { desc, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import wranglerToml from '../../../wrangler.toml?raw';
import { jobRuns } from '../../../src/db/schema';
import { JOBS, type JobDefinition } from '../../../src/domain/jobs/registry';
import { runJob, runScheduled, setPaused } from '../../../src/domain/jobs/runner';
import worker from '../../../src/index';
import { testDeps } from '../../helpers/deps';

const lastRun = (jobId: string) => testDeps().db.select().from(jobRuns).where(eq(jobRuns.jobId, jobId)).orderBy(desc(jobRuns.id)).get();

describe('scheduled jobs', () => {
  it('declares in wrangler.toml exactly the crons the jobs use', () => {
    const crons =
      /crons\s*=\s*\[([^\]]*)\]/
        .exec(wranglerToml)?.[1]
        ?.match(/"([^"]+)"/g)
        ?.map((s) => s.slice(1, -1)) ?? [];
    expect(new Set(crons)).toEqual(new Set(JOBS.map((j) => j.cron)));
  });

  it('runs the jobs of a cron and records each run', async () => {
    const deps = testDeps();
    const results = await runScheduled(deps, '17 3 * * *');
    expect(results).toEqual({ token_cleanup_job: 'succeeded' });
    const run = await lastRun('token_cleanup_job');
    expect(run).toMatchObject({ outcome: 'succeeded', trigger: 'cron' });
    expect(run?.detail).toMatch(/deleted \d+ expired refresh tokens/);
    expect(run?.finishedAt).not.toBeNull();
  });

  it('skips a paused job and runs it again once resumed', async () => {
    const deps = testDeps();
    await setPaused(deps, 'token_cleanup_job', true);
    expect(await runScheduled(deps, '17 3 * * *')).toEqual({ token_cleanup_job: 'skipped' });
    expect((await lastRun('token_cleanup_job'))?.outcome).toBe('skipped');
    await setPaused(deps, 'token_cleanup_job', false);
    expect(await runScheduled(deps, '17 3 * * *')).toEqual({ token_cleanup_job: 'succeeded' });
  });

  it('records a failing job without throwing', async () => {
    const failing: JobDefinition = {
      id: 'failing_job',
      name: 'fails',
      cron: '* * * * *',
      run: async () => Promise.reject(new Error('boom')),
    };
    expect(await runJob(testDeps(), failing, 'manual')).toBe('failed');
    expect(await lastRun('failing_job')).toMatchObject({ outcome: 'failed', detail: 'boom', trigger: 'manual' });
  });

  it('refuses to pause an unknown job', async () => {
    await expect(setPaused(testDeps(), 'nope', true)).rejects.toMatchObject({ code: 'JOB_NOT_FOUND', kind: 'not_found' });
  });

  it('runs through the Worker’s scheduled() handler', async () => {
    const before = (await lastRun('token_cleanup_job'))?.id ?? 0;
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: '17 3 * * *', scheduledTime: Date.now() }), env, ctx);
    await waitOnExecutionContext(ctx);
    const after = await lastRun('token_cleanup_job');
    expect(after?.id).toBeGreaterThan(before);
    expect(after?.outcome).toBe('succeeded');
  });
});
