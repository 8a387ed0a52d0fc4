import { z } from '@hono/zod-openapi';
import { ADMINS } from '../../domain/accounts/roles';
import { CAMPUS_TEACHERS } from '../../domain/schools/campus-accounts';
import { jsonBody, jsonContent } from '../../http/content';
import { campus } from './api';
import { idParam, lBody, lString, NoData, ok, PageQuery, pageSchema, SchoolOut } from './schemas';

const tags = ['Campus: schools'];

export const SchoolBody = lBody({ name: lString('学校名称', 4, 50).openapi({ example: '四川大学' }) }).openapi('CampusSchoolRequest');
export const SchoolParams = z.object({ school_id: idParam('school_id') });

const SchoolResponse = ok('CampusSchoolResponse', SchoolOut);

export const listSchools = campus.route({
  method: 'get',
  path: '/v1/teacher/schools',
  operationId: 'campusListSchools',
  callers: { auth: 'required', roles: CAMPUS_TEACHERS },
  tags,
  summary: '学校列表: schools I own or belong to, newest first',
  request: { query: z.object(PageQuery) },
  responses: { 200: jsonContent('A page of schools', ok('CampusSchoolPageResponse', pageSchema('CampusSchoolPage', SchoolOut))) },
  errors: [401, 403, 422, 500],
});

export const createSchool = campus.route({
  method: 'post',
  path: '/v1/teacher/schools',
  operationId: 'campusCreateSchool',
  callers: { auth: 'required', roles: CAMPUS_TEACHERS },
  tags,
  summary: '创建学校: starts 待审核 (status 1) until an administrator approves it',
  request: { body: jsonBody(SchoolBody) },
  responses: { 200: jsonContent('The new school', SchoolResponse) },
  errors: [401, 403, 413, 422, 500],
});

export const getSchool = campus.route({
  method: 'get',
  path: '/v1/teacher/schools/{school_id}',
  operationId: 'campusGetSchool',
  callers: { auth: 'required', roles: CAMPUS_TEACHERS, owner: { rule: 'the school’s owner or a member', anyRoles: ADMINS } },
  tags,
  summary: '学校详情: for its owner, its members and administrators',
  request: { params: SchoolParams },
  responses: { 200: jsonContent('The school', SchoolResponse) },
  errors: [401, 403, 410, 422, 500],
});

export const renameSchool = campus.route({
  method: 'put',
  path: '/v1/teacher/schools/{school_id}',
  operationId: 'campusRenameSchool',
  callers: { auth: 'required', roles: CAMPUS_TEACHERS, owner: { rule: 'the school’s owner' } },
  tags,
  summary: '修改学校名称: owner only; renaming a rejected school resubmits it for review',
  request: { params: SchoolParams, body: jsonBody(SchoolBody) },
  responses: { 200: jsonContent('The renamed school', SchoolResponse) },
  errors: [401, 403, 410, 413, 422, 500],
});

export const deleteSchool = campus.route({
  method: 'delete',
  path: '/v1/teacher/schools/{school_id}',
  operationId: 'campusDeleteSchool',
  callers: { auth: 'required', roles: CAMPUS_TEACHERS, owner: { rule: 'the school’s owner' } },
  tags,
  summary: '删除学校: owner only; refused (510) while students or excourse teachers belong to it',
  request: { params: SchoolParams },
  responses: { 200: jsonContent('Deleted', ok('CampusDeletedResponse', NoData)) },
  errors: [400, 401, 403, 410, 422, 500],
});
