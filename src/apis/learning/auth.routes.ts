import { z } from '@hono/zod-openapi';
import { jsonBody, jsonContent } from '../../http/content';
import { EMAIL, EMAIL_PATTERN, nonBlankPattern } from '../../http/params';
import { learning } from './api';
import { UserOut } from './schemas';

const tags = ['Learning: auth'];

// Only declared fields are read: one a client may not set (role, is_active, id, ...) is ignored, as
// pydantic's default ignores it, and never applied (docs/decisions.md).
export const RegisterBody = z
  .object({
    email: z.email({ pattern: EMAIL, error: 'A valid email address is required' }).max(254).openapi({ pattern: EMAIL_PATTERN }),
    name: z
      .string()
      .trim()
      .min(1, 'Name must not be empty')
      .max(100, 'Name must be at most 100 characters')
      .openapi({ pattern: nonBlankPattern(1) }),
    password: z.string().min(8, 'Password must be at least 8 characters').max(128, 'Password must be at most 128 characters'),
  })
  .openapi('LearningRegisterRequest');

export const LoginBody = z
  .object({
    email: z.string().min(1, 'Email is required').max(254),
    password: z.string().min(1, 'Password is required').max(128),
  })
  .openapi('LearningLoginRequest');

export const RefreshBody = z
  .object({ refresh_token: z.string().min(1, 'refresh_token is required').max(4096) })
  .openapi('LearningRefreshRequest');

const TokenPair = {
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal('bearer'),
};

export const register = learning.route({
  method: 'post',
  path: '/api/v1/auth/register',
  operationId: 'learningRegister',
  callers: { auth: 'public' },
  tags,
  summary: 'Register an account',
  request: { body: jsonBody(RegisterBody) },
  responses: { 201: jsonContent('Account created', UserOut) },
  errors: [400, 403, 413, 422, 429, 500],
});

export const login = learning.route({
  method: 'post',
  path: '/api/v1/auth/login',
  operationId: 'learningLogin',
  callers: { auth: 'public' },
  tags,
  summary: 'Sign in with e-mail and password',
  request: { body: jsonBody(LoginBody) },
  responses: {
    200: jsonContent(
      'Signed in: access token (30 min) and refresh token (7 days)',
      z.object({ ...TokenPair, expires_in: z.number().int(), user: UserOut }).openapi('LearningLoginResponse'),
    ),
  },
  errors: [401, 403, 413, 422, 429, 500],
});

export const me = learning.route({
  method: 'get',
  path: '/api/v1/auth/me',
  operationId: 'learningMe',
  callers: { auth: 'required' },
  tags,
  summary: 'The signed-in user',
  responses: { 200: jsonContent('The user', UserOut) },
  errors: [401, 403, 500],
});

export const refresh = learning.route({
  method: 'post',
  path: '/api/v1/auth/refresh',
  operationId: 'learningRefresh',
  callers: { auth: 'public' },
  tags,
  summary: 'Exchange a refresh token for a new token pair (the old refresh token is spent)',
  request: { body: jsonBody(RefreshBody) },
  responses: { 200: jsonContent('A new token pair', z.object(TokenPair).openapi('LearningRefreshResponse')) },
  errors: [401, 403, 413, 422, 500],
});

export const logout = learning.route({
  method: 'post',
  path: '/api/v1/auth/logout',
  operationId: 'learningLogout',
  callers: { auth: 'required' },
  tags,
  summary: 'Sign out: the access token and its session stop working at once',
  responses: { 200: jsonContent('Signed out', z.object({ message: z.string(), detail: z.string() }).openapi('LearningLogoutResponse')) },
  errors: [401, 500],
});
