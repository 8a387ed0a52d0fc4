import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { ms } from './columns';

/** Pause state of each scheduled job (the cron handler skips a paused job). */
export const jobStates = sqliteTable('job_states', {
  jobId: text('job_id').primaryKey(),
  paused: integer('paused', { mode: 'boolean' }).notNull().default(false),
  updatedAt: ms('updated_at').notNull(),
});

/** One row per scheduled or manual run of a job. */
export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    jobId: text('job_id').notNull(),
    trigger: text('trigger', { enum: ['cron', 'manual'] }).notNull(),
    startedAt: ms('started_at').notNull(),
    finishedAt: ms('finished_at'),
    outcome: text('outcome', { enum: ['running', 'succeeded', 'failed', 'skipped'] }).notNull(),
    detail: text('detail'),
  },
  (t) => [index('job_runs_job_started_idx').on(t.jobId, t.startedAt)],
);
