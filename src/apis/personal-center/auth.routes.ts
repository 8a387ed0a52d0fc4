import { z } from '@hono/zod-openapi';
import { jsonBody, jsonContent } from '../../http/content';
import { EMAIL, EMAIL_PATTERN } from '../../http/params';
import { personalCenter } from './api';
import { envelope, P, requestBody, Role, text } from './schemas';

const tags = ['Personal center: auth'];

export const RegisterBody = requestBody({
  user_name: text(1, 50),
  phone: z.string({ error: '必须是字符串' }).regex(/^\d{11}$/, '必须是 11 位数字'),
  email: z.email({ pattern: EMAIL, error: '邮箱格式不正确' }).max(254, '不能超过 254 个字符').openapi({ pattern: EMAIL_PATTERN }),
  password: z.string({ error: '必须是字符串' }).min(6, '至少 6 位').max(128, '不能超过 128 位'),
  role: z.enum(['learner', 'instructor'], { error: '只能是 learner 或 instructor' }).default('learner'),
}).openapi(`${P}RegisterRequest`, {
  example: { user_name: '测试教师01', phone: '13900139001', email: 'teacher01@test.com', password: '123456', role: 'instructor' },
});

export const LoginBody = requestBody({
  phone: z.string({ error: '必须是字符串' }).regex(/^\d{11}$/, '必须是 11 位数字'),
  password: z.string({ error: '必须是字符串' }).min(1, '不能为空').max(128, '不能超过 128 位'),
}).openapi(`${P}LoginRequest`, { example: { phone: '13800138001', password: '123456' } });

export const health = personalCenter.route({
  method: 'get',
  path: '/api/health',
  operationId: 'personalCenterHealth',
  callers: { auth: 'public' },
  tags: ['Personal center: health'],
  summary: 'Service health',
  responses: {
    200: jsonContent(
      'Running',
      z.object({ status: z.literal('success'), message: z.string(), timestamp: z.string() }).openapi(`${P}Health`, {
        example: { status: 'success', message: 'Personal Center API is running', timestamp: '2025-11-18T13:31:23.484Z' },
      }),
    ),
  },
  errors: [500, 503],
});

export const register = personalCenter.route({
  method: 'post',
  path: '/api/auth/register',
  operationId: 'personalCenterRegister',
  callers: { auth: 'public' },
  tags,
  summary: 'Register a learner or an instructor (phone and e-mail each unique)',
  request: { body: jsonBody(RegisterBody) },
  responses: {
    200: jsonContent(
      'Registered',
      envelope('Register', z.object({ userId: z.number().int(), user_name: z.string(), phone: z.string(), email: z.string(), role: Role })),
    ),
  },
  errors: [400, 409, 413, 415, 429, 500],
});

const LoginUser = z
  .object({
    user_id: z.number().int(),
    user_name: z.string(),
    phone: z.string(),
    email: z.string(),
    role: Role,
    avatar_url: z.string().nullable(),
  })
  .openapi(`${P}LoginUser`);

export const login = personalCenter.route({
  method: 'post',
  path: '/api/auth/login',
  operationId: 'personalCenterLogin',
  callers: { auth: 'public' },
  tags,
  summary: 'Sign in with phone and password; the token is valid for 7 days',
  request: { body: jsonBody(LoginBody) },
  responses: { 200: jsonContent('Signed in', envelope('Login', z.object({ token: z.string(), user: LoginUser }))) },
  errors: [400, 401, 403, 413, 415, 429, 500],
});
