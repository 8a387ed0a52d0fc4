import { z } from '@hono/zod-openapi';
import { CAMPUS_STUDENTS, CAMPUS_TEACHERS } from '../../domain/schools/campus-accounts';
import { jsonBody, jsonContent, requiredOneOf } from '../../http/content';
import { campus } from './api';
import {
  idParam,
  lBody,
  lConfirmation,
  lPassword,
  lStudentUsername,
  lString,
  NoData,
  NOT_CONFIRMED,
  ok,
  PageQuery,
  pageSchema,
  SchoolOut,
  StudentOut,
  TokenOut,
} from './schemas';

const teacherTags = ['Campus: students'];
const studentTags = ['Campus: student self-service'];

export const StudentBody = lBody({
  name: lString('姓名', 1, 50),
  username: lStudentUsername.openapi({ description: 'At least 4 characters, unique across all accounts', example: 'stu_2024001' }),
  password: lPassword,
  password_confirmation: lConfirmation,
})
  .superRefine((b, ctx) => {
    if (b.password_confirmation !== undefined && b.password_confirmation !== b.password)
      ctx.addIssue({ code: 'custom', path: ['password'], message: NOT_CONFIRMED });
  })
  .openapi('CampusNewStudentRequest');

export const PasswordBody = lBody({ password: lPassword, password_confirmation: lConfirmation })
  .superRefine((b, ctx) => {
    if (b.password_confirmation !== undefined && b.password_confirmation !== b.password)
      ctx.addIssue({ code: 'custom', path: ['password'], message: NOT_CONFIRMED });
  })
  .openapi('CampusResetPasswordRequest');

export const StudentUpdateBody = lBody({
  name: lString('姓名', 1, 50).optional(),
  password: lPassword.optional(),
  password_confirmation: lConfirmation,
})
  .superRefine((b, ctx) => {
    if (b.name === undefined && b.password === undefined)
      ctx.addIssue({ code: 'custom', path: ['name'], message: '姓名 和 密码 不能同时为空。' });
    if (b.password_confirmation !== undefined && b.password_confirmation !== b.password)
      ctx.addIssue({ code: 'custom', path: ['password'], message: NOT_CONFIRMED });
  })
  .openapi('CampusUpdateStudentRequest', requiredOneOf(['name', 'password']));

const oldPassword = z.string({ error: '原密码 不能为空。' }).min(1, { error: '原密码 不能为空。' }).max(128);

/**
 * `{old_password, password}`; the section is undocumented, so the usual Laravel spellings are taken
 * too: `current_password` for the old one, `new_password` for the new one, and an optional
 * `password_confirmation` / `new_password_confirmation`. Errors are reported on `old_password` and
 * `password`.
 */
export const OwnPasswordBody = lBody({
  old_password: oldPassword.optional(),
  current_password: oldPassword.optional().openapi({ description: 'Alias of old_password' }),
  password: lPassword.optional(),
  new_password: lPassword.optional().openapi({ description: 'Alias of password' }),
  password_confirmation: lConfirmation,
  new_password_confirmation: lConfirmation,
})
  .superRefine((b, ctx) => {
    const old = b.old_password ?? b.current_password;
    const next = b.password ?? b.new_password;
    const confirm = b.password_confirmation ?? b.new_password_confirmation;
    if (old === undefined) ctx.addIssue({ code: 'custom', path: ['old_password'], message: '原密码 不能为空。' });
    if (next === undefined) ctx.addIssue({ code: 'custom', path: ['password'], message: '密码 不能为空。' });
    else if (confirm !== undefined && confirm !== next) ctx.addIssue({ code: 'custom', path: ['password'], message: NOT_CONFIRMED });
    else if (old === next) ctx.addIssue({ code: 'custom', path: ['password'], message: '新密码 不能与原密码相同。' });
  })
  // The document says what the refinement requires: one spelling of the old and one of the new password.
  .openapi('CampusChangePasswordRequest', requiredOneOf(['old_password', 'current_password'], ['password', 'new_password']));

const SchoolParams = z.object({ school_id: idParam('school_id') });
const StudentParams = z.object({ school_id: idParam('school_id'), student_id: idParam('student_id') });
const StudentQuery = z.object({
  ...PageQuery,
  keyword: z
    .string()
    .trim()
    .max(50, { error: '关键词 不能大于 50 个字符。' })
    .optional()
    .openapi({ param: { name: 'keyword', in: 'query' }, description: 'Part of a name or username' }),
});

export const listStudents = campus.route({
  method: 'get',
  path: '/v1/teacher/schools/{school_id}/students',
  operationId: 'campusListStudents',
  callers: { auth: 'required', roles: CAMPUS_TEACHERS, owner: { rule: 'the school’s owner' } },
  tags: teacherTags,
  summary: "A school's students, newest first (school owner)",
  request: { params: SchoolParams, query: StudentQuery },
  responses: { 200: jsonContent('A page of students', ok('CampusStudentPageResponse', pageSchema('CampusStudentPage', StudentOut))) },
  errors: [401, 403, 410, 422, 500],
});

export const createStudent = campus.route({
  method: 'post',
  path: '/v1/teacher/schools/{school_id}/students',
  operationId: 'campusCreateStudent',
  callers: { auth: 'required', roles: CAMPUS_TEACHERS, owner: { rule: 'the school’s owner' } },
  tags: teacherTags,
  summary: 'Create a student account in an approved school (school owner)',
  request: { params: SchoolParams, body: jsonBody(StudentBody) },
  responses: { 200: jsonContent('The new student', ok('CampusStudentResponse', StudentOut)) },
  errors: [400, 401, 403, 410, 413, 422, 500],
});

export const resetPassword = campus.route({
  method: 'put',
  path: '/v1/teacher/schools/{school_id}/students/{student_id}/password',
  operationId: 'campusResetStudentPassword',
  callers: { auth: 'required', roles: CAMPUS_TEACHERS, owner: { rule: 'the school’s owner' } },
  tags: teacherTags,
  summary: "Set a student's password (school owner); the student's tokens stop working",
  request: { params: StudentParams, body: jsonBody(PasswordBody) },
  responses: { 200: jsonContent('Reset', ok('CampusPasswordResetResponse', NoData)) },
  errors: [401, 403, 410, 413, 422, 500],
});

export const updateStudent = campus.route({
  method: 'put',
  path: '/v1/teacher/schools/{school_id}/students/{student_id}',
  operationId: 'campusUpdateStudent',
  callers: { auth: 'required', roles: CAMPUS_TEACHERS, owner: { rule: 'the school’s owner' } },
  tags: teacherTags,
  summary: "Rename a student and/or set their password (school owner); a new password stops the student's tokens",
  request: { params: StudentParams, body: jsonBody(StudentUpdateBody) },
  responses: { 200: jsonContent('The student', ok('CampusStudentUpdatedResponse', StudentOut)) },
  errors: [401, 403, 410, 413, 422, 500],
});

export const removeStudent = campus.route({
  method: 'delete',
  path: '/v1/teacher/schools/{school_id}/students/{student_id}',
  operationId: 'campusRemoveStudent',
  callers: { auth: 'required', roles: CAMPUS_TEACHERS, owner: { rule: 'the school’s owner' } },
  tags: teacherTags,
  summary: 'Remove a student and their account (school owner)',
  request: { params: StudentParams },
  responses: { 200: jsonContent('Removed', ok('CampusStudentRemovedResponse', NoData)) },
  errors: [401, 403, 410, 422, 500],
});

const ProfileOut = z
  .object({
    id: z.number().int(),
    name: z.string(),
    username: z.string(),
    last_login_at: z.number().int().nullable(),
    created_at: z.number().int(),
    updated_at: z.number().int(),
    school: SchoolOut.omit({ is_owner: true }).nullable(),
  })
  .openapi('CampusStudentProfile');

export const profile = campus.route({
  method: 'get',
  path: '/v1/student/profile',
  operationId: 'campusStudentProfile',
  callers: { auth: 'required', roles: CAMPUS_STUDENTS },
  tags: studentTags,
  summary: 'The signed-in student with their school',
  responses: { 200: jsonContent('The student', ok('CampusStudentProfileResponse', ProfileOut)) },
  errors: [401, 403, 500],
});

export const changePassword = campus.route({
  method: 'put',
  path: '/v1/student/password',
  operationId: 'campusStudentChangePassword',
  callers: { auth: 'required', roles: CAMPUS_STUDENTS },
  tags: studentTags,
  summary: 'Change my password: every earlier token stops working; a new token is returned',
  request: { body: jsonBody(OwnPasswordBody) },
  responses: { 200: jsonContent('Changed; use the new token', ok('CampusPasswordChangedResponse', TokenOut)) },
  errors: [401, 403, 413, 422, 500],
});
