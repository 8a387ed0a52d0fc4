import { z } from '@hono/zod-openapi';
import { MANAGERS, PROGRESS_USERS, STAFF } from '../../domain/production/roles';
import { EMAIL_MAX, PASSWORD_MAX, PASSWORD_MIN, USERNAME_MAX } from '../../domain/production/users';
import { jsonBody, jsonContent } from '../../http/content';
import { EMAIL, EMAIL_PATTERN, nonBlankPattern } from '../../http/params';
import { progress } from './api';
import { bodyId, pageNumber, pageSize, PositiveId, success, UserDetails, UserSummary } from './schemas';

const tags = ['Progress: users'];

const AVATAR_RULE = '头像必须是 http(s) 地址（最长 2048 个字符）或留空';

// Only declared fields are read: an unknown one (status, id, password hash, ...) is ignored, as Spring's
// Jackson defaults ignore it, and never applied (docs/decisions.md).
export const RegisterBody = z
  .object({
    username: z
      .string()
      .trim()
      .min(1, '用户名不能为空')
      .max(USERNAME_MAX, `用户名最多 ${USERNAME_MAX} 个字符`)
      .openapi({ pattern: nonBlankPattern(1), description: 'Display name', example: 'testuser' }),
    email: z
      .email({ pattern: EMAIL, error: '邮箱格式不正确' })
      .max(EMAIL_MAX, '邮箱过长')
      .openapi({ pattern: EMAIL_PATTERN, example: 'test@example.com' }),
    password: z
      .string()
      .min(PASSWORD_MIN, `密码至少 ${PASSWORD_MIN} 位`)
      .max(PASSWORD_MAX, `密码最多 ${PASSWORD_MAX} 位`)
      .openapi({ example: 'password123' }),
    departmentId: bodyId('部门ID').openapi({ description: 'An id from GET /api/departments', example: 1 }),
    roles: z
      .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { error: 'roles 必须是 1-4' })
      .default(1)
      .openapi({
        description: '1 teacher (default), 2 admin, 3 liaison, 4 sysadmin. 2-3 need an admin or sysadmin token, 4 a sysadmin token',
      }),
    jobs: z
      .union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], { error: 'jobs 必须是 1-4' })
      .optional()
      .openapi({ description: '1-4; defaults to the number of the role' }),
    // A form's blank avatar input sends "": no avatar, like null or leaving it out (the union documents it).
    avatar: z
      .union(
        [
          z.url({ protocol: /^https?$/, error: AVATAR_RULE }).max(2048, AVATAR_RULE),
          z
            .string()
            .regex(/^\s*$/)
            .transform(() => null),
        ],
        { error: AVATAR_RULE },
      )
      .nullish()
      .openapi({ example: 'http://example.com/avatar.jpg', description: 'http(s) URL; empty or blank: no avatar' }),
    creatorId: bodyId('creatorId ').nullish().openapi({
      description: 'With a token the caller is recorded and this field is not applied. Without: an existing account’s id, or omit it',
    }),
  })
  .openapi('ProgressRegisterRequest');

export const LoginBody = z
  .object({
    email: z
      .string()
      .trim()
      .min(1, '邮箱不能为空')
      .max(EMAIL_MAX)
      .openapi({ pattern: nonBlankPattern(1) }),
    password: z.string().min(1, '密码不能为空').max(PASSWORD_MAX),
    remember: z.boolean().optional().openapi({ description: 'true: the token lasts 30 days; otherwise 1 day' }),
  })
  .openapi('ProgressLoginRequest');

export const register = progress.route({
  method: 'post',
  path: '/api/users',
  operationId: 'progressRegister',
  callers: { auth: 'optional', roles: PROGRESS_USERS },
  tags,
  summary: 'Create a user (self-registration creates teachers)',
  description:
    'Who: anyone. Without a token, or with a teacher’s or liaison’s token, only `roles: 1` (teacher) is created; `roles` 2-3 need an admin or sysadmin token and `roles: 4` a sysadmin token (403/10006 otherwise). `departmentId` must exist (10001). The creator recorded is the caller when there is a token. A duplicate e-mail answers 409/10005.',
  request: { body: jsonBody(RegisterBody) },
  responses: { 200: jsonContent('Created', success('ProgressRegisterResponse', z.null())) },
  errors: [400, 401, 403, 409, 413, 415, 429, 500],
});

export const login = progress.route({
  method: 'post',
  path: '/api/users/login',
  operationId: 'progressLogin',
  callers: { auth: 'public' },
  tags,
  summary: 'Sign in with e-mail and password',
  description:
    'Who: anyone. 401/10003 for an unknown e-mail, 401/10004 for a wrong password, 403/10006 for a disabled account or one without a progress role.',
  request: { body: jsonBody(LoginBody) },
  responses: {
    200: jsonContent(
      'Signed in',
      success('ProgressLoginResponse', z.object({ token: z.string().openapi({ description: 'Bearer access token (JWT)' }) })),
    ),
  },
  errors: [400, 401, 403, 413, 415, 429, 500],
});

export const logout = progress.route({
  method: 'post',
  path: '/api/users/logout',
  operationId: 'progressLogout',
  callers: { auth: 'required' },
  tags,
  summary: 'Sign out: the token stops working at once',
  description: 'Who: any signed-in user.',
  responses: { 200: jsonContent('Signed out', success('ProgressLogoutResponse', z.literal('登出成功'))) },
  errors: [401, 500],
});

export const current = progress.route({
  method: 'get',
  path: '/api/users/current',
  operationId: 'progressCurrentUser',
  callers: { auth: 'required', roles: PROGRESS_USERS },
  tags,
  summary: 'The signed-in user',
  description: 'Who: any signed-in progress user (teacher, admin, liaison, sysadmin).',
  responses: { 200: jsonContent('The user', success('ProgressCurrentUserResponse', UserDetails)) },
  errors: [401, 403, 500],
});

export const list = progress.route({
  method: 'get',
  path: '/api/users/list',
  operationId: 'progressListUsers',
  callers: { auth: 'required', roles: STAFF },
  tags,
  summary: 'Users, a page at a time (disabled ones included)',
  description:
    'Who: admin, liaison, sysadmin (a teacher gets 403/10006). Ordered by id. `email` is in full on the caller’s own row and for administrators (admin, sysadmin); a liaison sees other users’ e-mails masked (`t***@example.com`).',
  request: { query: z.object({ page: pageNumber, limit: pageSize('limit') }) },
  responses: {
    200: jsonContent(
      'A page of users',
      success(
        'ProgressUserListResponse',
        z.object({ list: z.array(UserSummary), total: z.number().int(), currentPage: z.number().int(), pageSize: z.number().int() }),
      ),
    ),
  },
  errors: [400, 401, 403, 500],
});

export const disable = progress.route({
  method: 'post',
  path: '/api/users/disable/{userId}',
  operationId: 'progressDisableUser',
  callers: { auth: 'required', roles: MANAGERS },
  tags,
  summary: 'Disable a user: sign-in is refused and every token issued to them stops working',
  description:
    'Who: admin, sysadmin. Only a sysadmin disables a sysadmin; nobody disables themselves (10001). Disabling a disabled user succeeds.',
  request: { params: z.object({ userId: PositiveId('userId', 'User id') }) },
  responses: { 200: jsonContent('Disabled', success('ProgressDisableUserResponse', z.literal('用户已禁用'))) },
  errors: [400, 401, 403, 404, 500],
});

export const departmentUsers = progress.route({
  method: 'get',
  path: '/api/users/department/{departmentId}',
  operationId: 'progressDepartmentUsers',
  callers: { auth: 'required', roles: STAFF },
  tags,
  summary: 'Active users of a department',
  description:
    'Who: admin, liaison, sysadmin. 404/10001 when the department does not exist; 500/50000 on a system error, as the document shows. `email` is in full on the caller’s own row and for administrators (admin, sysadmin); a liaison sees other users’ e-mails masked (`t***@example.com`).',
  request: { params: z.object({ departmentId: PositiveId('departmentId', 'Department id') }) },
  responses: { 200: jsonContent('The users', success('ProgressDepartmentUsersResponse', z.array(UserDetails))) },
  errors: [400, 401, 403, 404, 500],
});

export const searchTeacher = progress.route({
  method: 'get',
  path: '/api/users/teacher/search',
  operationId: 'progressSearchTeacher',
  callers: { auth: 'required', roles: STAFF },
  tags,
  summary: 'Find a teacher by e-mail (exact, case-insensitive)',
  description:
    'Who: admin, liaison, sysadmin. 404/10003 when no account has the e-mail; 400/10002 when it is not a teacher’s. `email` is in full for administrators (admin, sysadmin) and masked (`t***@example.com`) for a liaison.',
  request: {
    query: z.object({
      email: z
        .string()
        .trim()
        .min(1, 'email 不能为空')
        .max(EMAIL_MAX)
        .openapi({ pattern: nonBlankPattern(1), example: 'user1@qq.com' }),
    }),
  },
  responses: { 200: jsonContent('The teacher', success('ProgressTeacherSearchResponse', UserDetails)) },
  errors: [400, 401, 403, 404, 500],
});
