import { z } from '@hono/zod-openapi';
import { ADMINS } from '../../domain/accounts/roles';
import { jsonBody, jsonContent } from '../../http/content';
import { campus } from './api';
import { lBody, lString, ok, PageQuery, pageSchema, SchoolOut } from './schemas';
import { SchoolParams } from './schools.routes';

const tags = ['Campus: school review'];

const ReviewItem = SchoolOut.extend({
  owner_id: z.number().int(),
  owner_name: z.string(),
  owner_email: z.string(),
  reviewed_at: z.number().int().nullable(),
}).openapi('CampusReviewSchool');

export const ReviewQuery = z.object({
  // `?status=` (empty, as a filter form sends "all") is the same as no status.
  status: z
    .enum(['', '1', '2', '3'], { error: '已选的属性 状态 非法。' })
    .transform((v) => (v === '' ? undefined : Number(v)))
    .optional()
    .openapi({
      param: { name: 'status', in: 'query' },
      type: ['integer', 'string'],
      enum: [1, 2, 3, ''],
      description: '1 待审核, 2 正常, 3 已驳回; all when absent or empty',
    }),
  ...PageQuery,
});

export const RejectBody = lBody({ reason: lString('驳回原因', 1, 200).openapi({ example: '学校名称与证明材料不符' }) }).openapi(
  'CampusRejectRequest',
);

const SchoolResponse = ok('CampusReviewedSchoolResponse', SchoolOut);

export const listForReview = campus.route({
  method: 'get',
  path: '/v1/admin/schools',
  operationId: 'campusAdminListSchools',
  callers: { auth: 'required', roles: ADMINS },
  tags,
  summary: 'Schools by status with their owners (administrators)',
  request: { query: ReviewQuery },
  responses: { 200: jsonContent('A page of schools', ok('CampusReviewPageResponse', pageSchema('CampusReviewPage', ReviewItem))) },
  errors: [401, 403, 422, 500],
});

export const approve = campus.route({
  method: 'post',
  path: '/v1/admin/schools/{school_id}/approve',
  operationId: 'campusAdminApproveSchool',
  callers: { auth: 'required', roles: ADMINS },
  tags,
  summary: 'Approve a pending (or rejected) school (administrators)',
  request: { params: SchoolParams },
  responses: { 200: jsonContent('Approved', SchoolResponse) },
  errors: [400, 401, 403, 410, 422, 500],
});

export const reject = campus.route({
  method: 'post',
  path: '/v1/admin/schools/{school_id}/reject',
  operationId: 'campusAdminRejectSchool',
  callers: { auth: 'required', roles: ADMINS },
  tags,
  summary: 'Reject a pending school, or withdraw an approved one, with a reason (administrators)',
  request: { params: SchoolParams, body: jsonBody(RejectBody) },
  responses: { 200: jsonContent('Rejected', SchoolResponse) },
  errors: [400, 401, 403, 410, 413, 422, 500],
});
