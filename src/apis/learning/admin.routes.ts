import { createRoute, z } from '@hono/zod-openapi';
import { access, ADMINS } from '../../http/access';
import { requireAdmin, requireAuth } from '../../http/auth';
import { errorResponses, jsonBody, jsonContent } from './schemas';

const tags = ['Learning: administration'];
const adminOnly = { security: [{ bearerAuth: [] }], middleware: [requireAuth(), requireAdmin] };

export const CleanupBody = z
  .strictObject({
    cleanup_processing: z.boolean().default(true),
    cleanup_orphans: z.boolean().default(true),
    max_age_minutes: z.number().int().min(1).max(7 * 24 * 60).default(30),
  })
  .openapi('LearningCleanupRequest');

export const cleanup = createRoute({
  method: 'post',
  path: '/api/v1/admin/cleanup',
  operationId: 'learningAdminCleanup',
  ...access({ auth: 'required', roles: ADMINS }),
  tags,
  summary: 'Remove stale processing uploads and orphaned files',
  ...adminOnly,
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
    ...errorResponses(401, 403, 413, 422, 500),
  },
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

export const schedulerStatus = createRoute({
  method: 'get',
  path: '/api/v1/admin/scheduler/status',
  operationId: 'learningSchedulerStatus',
  ...access({ auth: 'required', roles: ADMINS }),
  tags,
  summary: 'Scheduled jobs, their next run and last outcome',
  ...adminOnly,
  responses: {
    200: jsonContent('Scheduler', z.object({ running: z.boolean(), jobs: z.array(JobOut) }).openapi('LearningSchedulerStatus')),
    ...errorResponses(401, 403, 500),
  },
});

const JobParam = z.object({ job_id: z.string().min(1).max(100).openapi({ param: { name: 'job_id', in: 'path' }, example: 'cleanup_job' }) });
const JobActionOut = z.object({ success: z.boolean(), message: z.string(), job_id: z.string() }).openapi('LearningJobAction');

export const pauseJob = createRoute({
  method: 'post',
  path: '/api/v1/admin/scheduler/jobs/{job_id}/pause',
  operationId: 'learningPauseJob',
  ...access({ auth: 'required', roles: ADMINS }),
  tags,
  summary: 'Pause a job: its cron runs are skipped',
  ...adminOnly,
  request: { params: JobParam },
  responses: { 200: jsonContent('Paused', JobActionOut), ...errorResponses(401, 403, 404, 422, 500) },
});

export const resumeJob = createRoute({
  method: 'post',
  path: '/api/v1/admin/scheduler/jobs/{job_id}/resume',
  operationId: 'learningResumeJob',
  ...access({ auth: 'required', roles: ADMINS }),
  tags,
  summary: 'Resume a paused job',
  ...adminOnly,
  request: { params: JobParam },
  responses: { 200: jsonContent('Resumed', JobActionOut), ...errorResponses(401, 403, 404, 422, 500) },
});
