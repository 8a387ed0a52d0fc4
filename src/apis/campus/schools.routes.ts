import { createRoute, z } from '@hono/zod-openapi';
import { access, NOT_STUDENTS, ADMINS } from '../../http/access';
import { teacherOnly } from './access';
import { errorResponses, idParam, jsonBody, jsonContent, lBody, lString, NoData, ok, PageQuery, pageSchema, SchoolOut } from './schemas';

const tags = ['Campus: schools'];

export const SchoolBody = lBody({ name: lString('学校名称', 4, 50).openapi({ example: '四川大学' }) }).openapi('CampusSchoolRequest');
export const SchoolParams = z.object({ school_id: idParam('school_id') });

const SchoolResponse = ok('CampusSchoolResponse', SchoolOut);

export const listSchools = createRoute({
  method: 'get',
  path: '/v1/teacher/schools',
  operationId: 'campusListSchools',
  ...access({ auth: 'required', roles: NOT_STUDENTS }),
  tags,
  summary: '学校列表: schools I own or belong to, newest first',
  ...teacherOnly,
  request: { query: z.object(PageQuery) },
  responses: {
    200: jsonContent('A page of schools', ok('CampusSchoolPageResponse', pageSchema('CampusSchoolPage', SchoolOut))),
    ...errorResponses(401, 403, 422, 500),
  },
});

export const createSchool = createRoute({
  method: 'post',
  path: '/v1/teacher/schools',
  operationId: 'campusCreateSchool',
  ...access({ auth: 'required', roles: NOT_STUDENTS }),
  tags,
  summary: '创建学校: starts 待审核 (status 1) until an administrator approves it',
  ...teacherOnly,
  request: { body: jsonBody(SchoolBody) },
  responses: { 200: jsonContent('The new school', SchoolResponse), ...errorResponses(401, 403, 413, 422, 500) },
});

export const getSchool = createRoute({
  method: 'get',
  path: '/v1/teacher/schools/{school_id}',
  operationId: 'campusGetSchool',
  ...access({ auth: 'required', roles: NOT_STUDENTS, owner: { rule: 'the school’s owner or a member', anyRoles: ADMINS } }),
  tags,
  summary: '学校详情: for its owner, its members and administrators',
  ...teacherOnly,
  request: { params: SchoolParams },
  responses: { 200: jsonContent('The school', SchoolResponse), ...errorResponses(401, 403, 410, 422, 500) },
});

export const renameSchool = createRoute({
  method: 'put',
  path: '/v1/teacher/schools/{school_id}',
  operationId: 'campusRenameSchool',
  ...access({ auth: 'required', roles: NOT_STUDENTS, owner: { rule: 'the school’s owner' } }),
  tags,
  summary: '修改学校名称: owner only; renaming a rejected school resubmits it for review',
  ...teacherOnly,
  request: { params: SchoolParams, body: jsonBody(SchoolBody) },
  responses: { 200: jsonContent('The renamed school', SchoolResponse), ...errorResponses(401, 403, 410, 413, 422, 500) },
});

export const deleteSchool = createRoute({
  method: 'delete',
  path: '/v1/teacher/schools/{school_id}',
  operationId: 'campusDeleteSchool',
  ...access({ auth: 'required', roles: NOT_STUDENTS, owner: { rule: 'the school’s owner' } }),
  tags,
  summary: '删除学校: owner only; refused (510) while students or excourse teachers belong to it',
  ...teacherOnly,
  request: { params: SchoolParams },
  responses: {
    200: jsonContent('Deleted', ok('CampusDeletedResponse', NoData)),
    ...errorResponses(400, 401, 403, 410, 422, 500),
  },
});
