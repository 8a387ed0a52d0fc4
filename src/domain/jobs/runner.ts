import { eq } from 'drizzle-orm';
import { jobRuns, jobStates } from '../../db/schema';
import { auditInsert, type AuditActor } from '../audit/entries';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { findJob, JOBS, jobsForCron, type JobDefinition } from './registry';

export type RunOutcome = 'succeeded' | 'failed' | 'skipped';

export async function isPaused(deps: Deps, jobId: string): Promise<boolean> {
  const state = await deps.db.select().from(jobStates).where(eq(jobStates.jobId, jobId)).get();
  return state?.paused ?? false;
}

/** With an actor (an administrator's request) the change and its audit row commit together. */
export async function setPaused(deps: Deps, jobId: string, paused: boolean, actor?: AuditActor): Promise<void> {
  // Quoted: a blank or odd id would otherwise read as a run of spaces.
  if (!findJob(jobId))
    throw new AppError('not_found', 'JOB_NOT_FOUND', `Job not found: ${JSON.stringify(jobId)}`, { params: { job: jobId } });
  const now = deps.clock.now();
  const upsert = deps.db
    .insert(jobStates)
    .values({ jobId, paused, updatedAt: now })
    .onConflictDoUpdate({ target: jobStates.jobId, set: { paused, updatedAt: now } });
  if (!actor) return void (await upsert.run());
  await deps.db.batch([
    upsert,
    auditInsert(deps, { actor, action: paused ? 'job.pause' : 'job.resume', target: { type: 'job', id: jobId } }),
  ]);
}

/** Runs one job and records the run; a failure is recorded, logged and returned, never thrown. */
export async function runJob(deps: Deps, job: JobDefinition, trigger: 'cron' | 'manual'): Promise<RunOutcome> {
  const startedAt = deps.clock.now();
  if (trigger === 'cron' && (await isPaused(deps, job.id))) {
    await deps.db
      .insert(jobRuns)
      .values({ jobId: job.id, trigger, startedAt, finishedAt: startedAt, outcome: 'skipped', detail: 'paused' })
      .run();
    return 'skipped';
  }
  const run = await deps.db
    .insert(jobRuns)
    .values({ jobId: job.id, trigger, startedAt, outcome: 'running' })
    .returning({ id: jobRuns.id })
    .get();
  let outcome: RunOutcome = 'succeeded';
  let detail: string;
  try {
    detail = await job.run(deps);
  } catch (e) {
    outcome = 'failed';
    detail = e instanceof Error ? e.message : String(e);
    deps.log.error('job failed', { job_id: job.id, error: detail });
  }
  await deps.db.update(jobRuns).set({ finishedAt: deps.clock.now(), outcome, detail }).where(eq(jobRuns.id, run!.id)).run();
  return outcome;
}

/** Entry point of the cron handler: every job registered for this cron expression. */
export async function runScheduled(deps: Deps, cron: string): Promise<Record<string, RunOutcome>> {
  const results: Record<string, RunOutcome> = {};
  const jobs = jobsForCron(cron);
  if (jobs.length === 0)
    deps.log.warn('no job registered for cron; nothing runs', { cron, crons: JOBS.map((j) => `${j.cron} (${j.id})`).join(', ') });
  for (const job of jobs) results[job.id] = await runJob(deps, job, 'cron');
  return results;
}
