import { z } from '@hono/zod-openapi';
import { DEPARTMENT_DESCRIPTION_MAX, DEPARTMENT_NAME_MAX } from '../../domain/production/departments';
import { MANAGERS } from '../../domain/production/roles';
import { notModified, publicRead, withCacheHeaders } from '../../http/cache';
import { jsonBody, jsonContent } from '../../http/content';
import { nonBlankPattern } from '../../http/params';
import { progress } from './api';
import { Department, success } from './schemas';

const tags = ['Progress: departments'];

export const CreateDepartmentBody = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, '部门名称不能为空')
      .max(DEPARTMENT_NAME_MAX, `部门名称最多 ${DEPARTMENT_NAME_MAX} 个字符`)
      .openapi({ pattern: nonBlankPattern(1), example: '技术部' }),
    description: z
      .string()
      .trim()
      .max(DEPARTMENT_DESCRIPTION_MAX, `部门描述最多 ${DEPARTMENT_DESCRIPTION_MAX} 个字符`)
      .nullish()
      .openapi({ example: '负责技术研发' }),
  })
  .openapi('ProgressCreateDepartmentRequest');

export const listDepartments = progress.route({
  method: 'get',
  path: '/api/departments',
  operationId: 'progressListDepartments',
  callers: { auth: 'public' },
  tags,
  summary: 'Every department, in id order',
  description: 'Who: anyone (the registration form needs the ids). Not in the original document.',
  middleware: [publicRead({ maxAge: 300 })],
  responses: {
    200: withCacheHeaders(jsonContent('The departments', success('ProgressDepartmentListResponse', z.array(Department)))),
    ...notModified,
  },
  errors: [500],
});

export const createDepartment = progress.route({
  method: 'post',
  path: '/api/departments',
  operationId: 'progressCreateDepartment',
  callers: { auth: 'required', roles: MANAGERS },
  tags,
  summary: 'Create a department',
  description:
    'Who: admin, sysadmin. A name that exists (ASCII letters compared case-insensitively) answers 409/10013. Not in the original document.',
  request: { body: jsonBody(CreateDepartmentBody) },
  responses: { 200: jsonContent('Created', success('ProgressCreateDepartmentResponse', Department)) },
  errors: [400, 401, 403, 409, 413, 415, 500],
});
