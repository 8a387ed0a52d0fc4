import { z } from '@hono/zod-openapi';
import { SYSADMINS } from '../../domain/accounts/roles';
import { jsonContent } from '../../http/content';
import { learning } from './api';
import { learningInt, pageOf, pageQueryFields } from './schemas';

/** A date-time with an offset (`Z`, `+08:00`) or without one, read as UTC like every time this API prints. */
const instant = (description: string) =>
  z.iso
    .datetime({ offset: true, local: true, error: 'Input should be an ISO 8601 date-time, e.g. 2024-01-15T08:30:00Z' })
    .transform((s) => Date.parse(/(Z|[+-]\d\d:?\d\d)$/i.test(s) ? s : `${s}Z`))
    .openapi({ type: 'string', format: 'date-time', description, example: '2024-01-15T08:30:00Z' });

export const AuditQuery = z
  .object({
    ...pageQueryFields,
    actor: learningInt(1).optional().openapi({ description: 'Account id of whoever acted' }),
    action: z.string().min(1).max(64).optional().openapi({ description: 'Exact action name (docs/audit.md)', example: 'user.disable' }),
    from: instant('Entries at or after this time (UTC when no offset is given)').optional(),
    to: instant('Entries at or before this time (UTC when no offset is given)').optional(),
  })
  .refine((q) => q.from === undefined || q.to === undefined || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

const AuditEntryOut = z
  .object({
    id: z.number().int(),
    at: z.string().openapi({ description: 'UTC', example: '2024-01-15T08:30:00' }),
    actor: z.object({
      id: z.number().int().nullable().openapi({ description: 'null for the system (a scheduled run)' }),
      role: z.string().nullable().openapi({ example: 'sysadmin' }),
    }),
    action: z.string().openapi({ example: 'school.approve' }),
    target: z
      .object({ type: z.string(), id: z.string() })
      .nullable()
      .openapi({ description: 'null when the action has no single target (cleanup, imports)' }),
    detail: z.record(z.string(), z.unknown()).openapi({ description: 'What the action changed; never secrets' }),
    request_id: z.string().nullable(),
  })
  .openapi('LearningAuditEntry');

const AuditPage = pageOf(AuditEntryOut, 'LearningAuditPage');

export const listAudit = learning.route({
  method: 'get',
  path: '/api/v1/admin/audit',
  operationId: 'learningListAudit',
  callers: { auth: 'required', roles: SYSADMINS },
  tags: ['Learning: administration'],
  summary: 'Administrative actions across every API, newest first (system administrators)',
  // The issue grants the audit log to system administrators only: a learning `admin` is refused.
  request: { query: AuditQuery },
  responses: { 200: jsonContent('One page of audit entries', AuditPage) },
  errors: [401, 403, 422, 500],
});
