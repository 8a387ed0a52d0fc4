import { z } from '@hono/zod-openapi';
import { jsonBody, jsonContent } from '../../http/content';
import { EMAIL } from '../../http/params';
import { campus } from './api';
import { lBody, lConfirmation, lEmail, lPassword, lString, NOT_CONFIRMED, ok, TokenOut } from './schemas';

const tags = ['Campus: auth'];

export const LoginBody = lBody({
  // An integer per the document; "1"/"2" too, as Laravel's `in:1,2` takes a form's string values.
  identity: z
    .union([z.literal(1), z.literal(2), z.literal('1').transform(() => 1 as const), z.literal('2').transform(() => 2 as const)], {
      error: (iss) => (iss.input === undefined || iss.input === null ? '身份 不能为空。' : '已选的属性 身份 非法。'),
    })
    .openapi({ type: 'integer', enum: [1, 2], description: '1 教师 (e-mail), 2 学生 (username)' }),
  username: lString('用户名', 1, 254).openapi({ description: 'Teachers: their e-mail; students: their username (at least 4 characters)' }),
  password: z
    .string({
      error: (iss) => (iss.input === undefined || iss.input === null || iss.input === '' ? '密码 不能为空。' : '密码 必须是一个字符串。'),
    })
    .min(1, { error: '密码 不能为空。' })
    .max(128, { error: '密码 不能大于 128 个字符。' }),
})
  .superRefine((b, ctx) => {
    if (b.identity === 1 && !z.email({ pattern: EMAIL }).safeParse(b.username).success)
      ctx.addIssue({ code: 'custom', path: ['username'], message: '用户名 不是一个合法的邮箱。' });
    if (b.identity === 2 && b.username.length < 4)
      ctx.addIssue({ code: 'custom', path: ['username'], message: '用户名 至少为 4 个字符。' });
  })
  .openapi('CampusLoginRequest');

export const RegisterBody = lBody({
  name: lString('名称', 1, 50),
  username: lEmail('用户名').openapi({ description: 'E-mail address', example: 'teacher@example.com' }),
  password: lPassword,
  password_confirmation: lConfirmation,
})
  .superRefine((b, ctx) => {
    if (b.password_confirmation !== undefined && b.password_confirmation !== b.password)
      ctx.addIssue({ code: 'custom', path: ['password'], message: NOT_CONFIRMED });
  })
  .openapi('CampusTeacherRegisterRequest');

const TokenResponse = ok('CampusTokenResponse', TokenOut);

export const login = campus.route({
  method: 'post',
  path: '/v1/login',
  operationId: 'campusLogin',
  callers: { auth: 'public' },
  tags,
  summary: '登录: teachers (identity 1, e-mail) and students (identity 2, username)',
  request: { body: jsonBody(LoginBody) },
  responses: { 200: jsonContent('Signed in: a bearer token valid 7 days', TokenResponse) },
  errors: [401, 403, 413, 422, 429, 500],
});

export const register = campus.route({
  method: 'post',
  path: '/v1/teacher/register',
  operationId: 'campusTeacherRegister',
  callers: { auth: 'public' },
  tags,
  summary: '注册: a teacher account, signed in at once',
  request: { body: jsonBody(RegisterBody) },
  responses: { 200: jsonContent('Registered: a bearer token valid 7 days', TokenResponse) },
  errors: [413, 422, 429, 500],
});
