import { z } from '@hono/zod-openapi';
import { SYSADMINS } from '../../domain/accounts/roles';
import { EXCOURSE_EDITORS } from '../../domain/schools/excourse-teachers';
import { jsonBody, jsonContent } from '../../http/content';
import { excourse } from './api';
import {
  drfBody,
  drfBoolean,
  drfEmail,
  drfFlag,
  drfId,
  drfOptionalText,
  drfPassword,
  drfPhone,
  drfString,
  drfUsername,
  UserOut,
} from './schemas';

const tags = ['Excourse: users'];

/** Documented as settable at sign-up, but they grant something: only 0 is accepted. */
const zeroOnly = z
  .literal(0, { error: '注册时不能设置该字段。' })
  .optional()
  .openapi({ type: 'integer', enum: [0] });

export const RegisterBody = drfBody({
  username: drfUsername.openapi({ example: '郝高阳' }),
  password: drfPassword,
  school_id: drfId.openapi({ description: 'An approved school (campus: status 2)' }),
  phone: drfPhone,
  sms_code: drfString(6)
    .regex(/^\d{6}$/, { error: '验证码为 6 位数字。' })
    .openapi({ example: '935688' }),
  work_id: drfOptionalText(32),
  email: drfEmail,
  wechat: drfOptionalText(64),
  is_grade: zeroOnly,
  is_super: zeroOnly,
}).openapi('ExcourseRegisterRequest');

export const LoginBody = drfBody({ username: drfString(150), password: drfString(128) }).openapi('ExcourseLoginRequest');

/** http(s) URLs, this Worker's own paths (`/api/user/avatars/…`), or empty (clears it). */
const ICON = /^(|https?:\/\/\S+|\/|\/[^/\s]\S*)$/;

export const UpdateBody = drfBody({
  password: drfPassword.optional(),
  email: drfEmail,
  // Every API shows this as the account's avatar: only http(s) URLs and this Worker's own paths, never
  // `javascript:` or `data:` (DRF's URLField message).
  icon: drfOptionalText(500)
    .refine((v) => v == null || ICON.test(v), { error: '请输入合法的URL。' })
    .openapi({
      pattern: ICON.source,
      description: 'Avatar URL: http(s), or a path this Worker serves (as the personal center stores uploads); "" or null clears it',
    }),
  wechat: drfOptionalText(64),
  work_id: drfOptionalText(32),
  is_superuser: drfBoolean.optional().openapi({ description: 'sysadmin only' }),
  is_super: drfFlag.optional().openapi({ description: 'sysadmin only' }),
  is_grade: drfFlag.optional().openapi({ description: 'sysadmin only' }),
  is_active: drfBoolean.optional().openapi({ description: 'sysadmin only' }),
  school_id: drfId.optional().openapi({ description: 'sysadmin only; an approved school' }),
}).openapi('ExcourseUpdateUserRequest');

const PkParam = z.object({ pk: z.string().openapi({ param: { name: 'pk', in: 'path' }, example: '4' }) });

export const register = excourse.route({
  method: 'post',
  path: '/users/register/',
  operationId: 'excourseRegister',
  callers: { auth: 'public' },
  tags,
  summary: '注册: register a teacher with an SMS code',
  description:
    'The school must exist and be approved; username, phone and e-mail must be free; a wrong, expired, used or locked code is a 400 on `sms_code`.',
  request: { body: jsonBody(RegisterBody) },
  responses: {
    201: jsonContent(
      'Registered; `token` is a JWT valid for 24 hours',
      UserOut.extend({ token: z.string() }).openapi('ExcourseRegisterResponse'),
    ),
  },
  errors: [400, 413, 415, 429, 500],
});

export const login = excourse.route({
  method: 'post',
  path: '/users/login/',
  operationId: 'excourseLogin',
  callers: { auth: 'public' },
  tags,
  summary: '登录: sign in with username and password',
  request: { body: jsonBody(LoginBody) },
  responses: {
    200: jsonContent(
      'Signed in; `token` is a JWT valid for 24 hours (send `Authorization: JWT <token>` or `Bearer <token>`)',
      z.object({ user_id: z.number().int(), username: z.string(), token: z.string() }).openapi('ExcourseLoginResponse'),
    ),
  },
  errors: [400, 413, 415, 429, 500],
});

export const getUser = excourse.route({
  method: 'get',
  path: '/users/{pk}/',
  operationId: 'excourseGetUser',
  callers: { auth: 'required' },
  tags,
  summary: '获取某个教师的信息: a teacher, for any signed-in user',
  description:
    '`phone`, `email` and `wechat` are in full for the teacher themself and for administrators (admin, sysadmin); every other signed-in user ' +
    'reads them masked: `138****6349`, `t***@example.com`, `w***` (null stays null).',
  request: { params: PkParam },
  responses: { 200: jsonContent('The teacher', UserOut) },
  errors: [401, 404, 500],
});

export const updateUser = excourse.route({
  method: 'put',
  path: '/users/{pk}/',
  operationId: 'excourseUpdateUser',
  callers: { auth: 'required', roles: EXCOURSE_EDITORS, owner: { rule: 'the user themself', anyRoles: SYSADMINS } },
  tags,
  summary: '修改教师信息: the user themself or a sysadmin',
  description:
    'Any subset of the fields. `is_superuser`, `is_super`, `is_grade`, `is_active` and `school_id` only by a sysadmin (403 otherwise). ' +
    'A new password revokes the tokens the user held, except, when users change their own password, the session of the token they sent it with (it keeps working).',
  request: { params: PkParam, body: jsonBody(UpdateBody) },
  responses: { 200: jsonContent('The updated teacher', UserOut) },
  errors: [400, 401, 403, 404, 413, 415, 500],
});
