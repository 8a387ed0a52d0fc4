import { createRoute, z } from '@hono/zod-openapi';
import { access, ADMINS } from '../../http/access';
import { adminOnly } from './access';
import { errorResponses, jsonBody, jsonContent, lBody, lString, ok, PageQuery, pageSchema, SchoolOut } from './schemas';
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
    .openapi({ param: { name: 'status', in: 'query' }, type: ['integer', 'string'], enum: [1, 2, 3, ''], description: '1 待审核, 2 正常, 3 已驳回; all when absent or empty' }),
  ...PageQuery,
});

export const RejectBody = lBody({ reason: lString('驳回原因', 1, 200).openapi({ example: '学校名称与证明材料不符' }) }).openapi('CampusRejectRequest');

const SchoolResponse = ok('CampusReviewedSchoolResponse', SchoolOut);

export const listForReview = createRoute({
  method: 'get',
  path: '/v1/admin/schools',
  operationId: 'campusAdminListSchools',
  ...access({ auth: 'required', roles: ADMINS }),
  tags,
  summary: 'Schools by status with their owners (administrators)',
  ...adminOnly,
  request: { query: ReviewQuery },
  responses: {
    200: jsonContent('A page of schools', ok('CampusReviewPageResponse', pageSchema('CampusReviewPage', ReviewItem))),
    ...errorResponses(401, 403, 422, 500),
  },
});

export const approve = createRoute({
  method: 'post',
  path: '/v1/admin/schools/{school_id}/approve',
  operationId: 'campusAdminApproveSchool',
  ...access({ auth: 'required', roles: ADMINS }),
  tags,
  summary: 'Approve a pending (or rejected) school (administrators)',
  ...adminOnly,
  request: { params: SchoolParams },
  responses: { 200: jsonContent('Approved', SchoolResponse), ...errorResponses(400, 401, 403, 410, 422, 500) },
});

export const reject = createRoute({
  method: 'post',
  path: '/v1/admin/schools/{school_id}/reject',
  operationId: 'campusAdminRejectSchool',
  ...access({ auth: 'required', roles: ADMINS }),
  tags,
  summary: 'Reject a pending school, or withdraw an approved one, with a reason (administrators)',
  ...adminOnly,
  request: { params: SchoolParams, body: jsonBody(RejectBody) },
  responses: { 200: jsonContent('Rejected', SchoolResponse), ...errorResponses(400, 401, 403, 410, 413, 422, 500) },
});
