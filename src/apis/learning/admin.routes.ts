import { z } from '@hono/zod-openapi';
import { ADMINS } from '../../domain/accounts/roles';
import { jsonBody, jsonContent } from '../../http/content';
import { learning } from './api';

const tags = ['Learning: administration'];

export const CleanupBody = z
  .object({
    cleanup_processing: z.boolean().default(true),
    cleanup_orphans: z.boolean().default(true),
    max_age_minutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(30),
  })
  .openapi('LearningCleanupRequest');

export const cleanup = learning.route({
  method: 'post',
  path: '/api/v1/admin/cleanup',
  operationId: 'learningAdminCleanup',
  callers: { auth: 'required', roles: ADMINS },
  tags,
  summary: 'Remove stale processing uploads and orphaned files',
  request: { body: { ...jsonBody(CleanupBody), required: false } },
  responses: {
    200: jsonContent(
      'What was removed',
      z
        .object({
          success: z.boolean(),
          cleaned_records: z.number().int(),
          cleaned_files: z.number().int(),
          duration_seconds: z.number(),
          errors: z.array(z.string()),
        })
        .openapi('LearningCleanupResult'),
    ),
  },
  errors: [401, 403, 413, 422, 500],
});

const JobOut = z
  .object({
    id: z.string(),
    name: z.string(),
    next_run_time: z.string().nullable().openapi({ description: 'UTC, null while paused' }),
    paused: z.boolean(),
    cron: z.string(),
    last_run: z
      .object({ started_at: z.string(), finished_at: z.string().nullable(), outcome: z.string(), detail: z.string().nullable() })
      .nullable(),
  })
  .openapi('LearningSchedulerJob');

export const schedulerStatus = learning.route({
  method: 'get',
  path: '/api/v1/admin/scheduler/status',
  operationId: 'learningSchedulerStatus',
  callers: { auth: 'required', roles: ADMINS },
  tags,
  summary: 'Scheduled jobs, their next run and last outcome',
  responses: {
    200: jsonContent('Scheduler', z.object({ running: z.boolean(), jobs: z.array(JobOut) }).openapi('LearningSchedulerStatus')),
  },
  errors: [401, 403, 500],
});

const JobParam = z.object({
  job_id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'job_id', in: 'path' }, example: 'cleanup_job' }),
});
const JobActionOut = z.object({ success: z.boolean(), message: z.string(), job_id: z.string() }).openapi('LearningJobAction');

export const pauseJob = learning.route({
  method: 'post',
  path: '/api/v1/admin/scheduler/jobs/{job_id}/pause',
  operationId: 'learningPauseJob',
  callers: { auth: 'required', roles: ADMINS },
  tags,
  summary: 'Pause a job: its cron runs are skipped',
  request: { params: JobParam },
  responses: { 200: jsonContent('Paused', JobActionOut) },
  errors: [401, 403, 404, 422, 500],
});

export const resumeJob = learning.route({
  method: 'post',
  path: '/api/v1/admin/scheduler/jobs/{job_id}/resume',
  operationId: 'learningResumeJob',
  callers: { auth: 'required', roles: ADMINS },
  tags,
  summary: 'Resume a paused job',
  request: { params: JobParam },
  responses: { 200: jsonContent('Resumed', JobActionOut) },
  errors: [401, 403, 404, 422, 500],
});
