import { createRoute, z } from '@hono/zod-openapi';
import { nonBlankPattern } from '../../http/params';
import { access, ADMINS } from '../../http/access';
import { requireAuth } from '../../http/auth';
import { notModified, publicRead, withCacheHeaders } from '../../http/cache';
import { DEPARTMENT_DESCRIPTION_MAX, DEPARTMENT_NAME_MAX } from '../../domain/production/departments';
import { Department, errorResponses, jsonBody, jsonContent, success } from './schemas';

const tags = ['Progress: departments'];

export const CreateDepartmentBody = z
  .strictObject({
    name: z.string().trim().min(1, '部门名称不能为空').max(DEPARTMENT_NAME_MAX, `部门名称最多 ${DEPARTMENT_NAME_MAX} 个字符`).openapi({ pattern: nonBlankPattern(1), example: '技术部' }),
    description: z.string().trim().max(DEPARTMENT_DESCRIPTION_MAX, `部门描述最多 ${DEPARTMENT_DESCRIPTION_MAX} 个字符`).nullish().openapi({ example: '负责技术研发' }),
  })
  .openapi('ProgressCreateDepartmentRequest');

export const listDepartments = createRoute({
  method: 'get',
  path: '/api/departments',
  operationId: 'progressListDepartments',
  ...access({ auth: 'public' }),
  tags,
  summary: 'Every department, in id order',
  description: 'Who: anyone (the registration form needs the ids). Not in the original document.',
  middleware: [publicRead({ maxAge: 300 })],
  responses: {
    200: withCacheHeaders(jsonContent('The departments', success('ProgressDepartmentListResponse', z.array(Department)))),
    ...notModified,
    ...errorResponses(500),
  },
});

export const createDepartment = createRoute({
  method: 'post',
  path: '/api/departments',
  operationId: 'progressCreateDepartment',
  ...access({ auth: 'required', roles: ADMINS }),
  tags,
  summary: 'Create a department',
  description: 'Who: admin, sysadmin. A name that exists (ASCII letters compared case-insensitively) answers 409/10013. Not in the original document.',
  security: [{ bearerAuth: [] }],
  middleware: requireAuth(),
  request: { body: jsonBody(CreateDepartmentBody) },
  responses: {
    200: jsonContent('Created', success('ProgressCreateDepartmentResponse', Department)),
    ...errorResponses(400, 401, 403, 409, 413, 415, 500),
  },
});
