import { Cron } from 'croner';
import { desc, eq } from 'drizzle-orm';
import { jobRuns, jobStates } from '../../db/schema';
import type { Deps } from '../deps';
import { JOBS, type JobDefinition } from './registry';

export interface JobStatus {
  job: JobDefinition;
  paused: boolean;
  nextRunAt: number | null;
  lastRun: { startedAt: number; finishedAt: number | null; outcome: string; detail: string | null } | null;
}

/** The next time Cron Triggers will fire this expression (UTC), after `nowMs`. */
export function nextRunAt(cron: string, nowMs: number): number | null {
  const next = new Cron(cron, { timezone: 'UTC', paused: true }).nextRun(new Date(nowMs));
  return next ? next.getTime() : null;
}

export async function schedulerStatus(deps: Deps): Promise<JobStatus[]> {
  const now = deps.clock.now();
  const [states, ...lastRuns] = await deps.db.batch([
    deps.db.select().from(jobStates),
    ...JOBS.map((j) => deps.db.select().from(jobRuns).where(eq(jobRuns.jobId, j.id)).orderBy(desc(jobRuns.id)).limit(1)),
  ]);
  return JOBS.map((job, i) => {
    const paused = states.find((s) => s.jobId === job.id)?.paused ?? false;
    const last = lastRuns[i]?.[0];
    return {
      job,
      paused,
      nextRunAt: paused ? null : nextRunAt(job.cron, now),
      lastRun: last ? { startedAt: last.startedAt, finishedAt: last.finishedAt, outcome: last.outcome, detail: last.detail } : null,
    };
  });
}
