import { createRoute, z } from '@hono/zod-openapi';
import { EMAIL, EMAIL_PATTERN, nonBlankPattern } from '../../http/params';
import { access } from '../../http/access';
import { requireAuth } from '../../http/auth';
import { errorResponses, jsonBody, jsonContent, UserOut } from './schemas';

const tags = ['Learning: auth'];

// Request schemas are strict: a field a client may not set (role, is_active, id, ...) is refused, never applied.
export const RegisterBody = z
  .strictObject({
    email: z.email({ pattern: EMAIL, error: 'A valid email address is required' }).max(254).openapi({ pattern: EMAIL_PATTERN }),
    name: z.string().trim().min(1, 'Name must not be empty').max(100, 'Name must be at most 100 characters').openapi({ pattern: nonBlankPattern(1) }),
    password: z.string().min(8, 'Password must be at least 8 characters').max(128, 'Password must be at most 128 characters'),
  })
  .openapi('LearningRegisterRequest');

export const LoginBody = z
  .strictObject({
    email: z.string().min(1, 'Email is required').max(254),
    password: z.string().min(1, 'Password is required').max(128),
  })
  .openapi('LearningLoginRequest');

export const RefreshBody = z.strictObject({ refresh_token: z.string().min(1, 'refresh_token is required').max(4096) }).openapi('LearningRefreshRequest');

const TokenPair = {
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal('bearer'),
};

export const register = createRoute({
  method: 'post',
  path: '/api/v1/auth/register',
  operationId: 'learningRegister',
  ...access({ auth: 'public' }),
  tags,
  summary: 'Register an account',
  request: { body: jsonBody(RegisterBody) },
  responses: { 201: jsonContent('Account created', UserOut), ...errorResponses(400, 403, 413, 422, 429, 500) },
});

export const login = createRoute({
  method: 'post',
  path: '/api/v1/auth/login',
  operationId: 'learningLogin',
  ...access({ auth: 'public' }),
  tags,
  summary: 'Sign in with e-mail and password',
  request: { body: jsonBody(LoginBody) },
  responses: {
    200: jsonContent('Signed in: access token (30 min) and refresh token (7 days)', z.object({ ...TokenPair, expires_in: z.number().int(), user: UserOut }).openapi('LearningLoginResponse')),
    ...errorResponses(401, 403, 413, 422, 429, 500),
  },
});

export const me = createRoute({
  method: 'get',
  path: '/api/v1/auth/me',
  operationId: 'learningMe',
  ...access({ auth: 'required' }),
  tags,
  summary: 'The signed-in user',
  security: [{ bearerAuth: [] }],
  middleware: [requireAuth()] as const,
  responses: { 200: jsonContent('The user', UserOut), ...errorResponses(401, 403, 500) },
});

export const refresh = createRoute({
  method: 'post',
  path: '/api/v1/auth/refresh',
  operationId: 'learningRefresh',
  ...access({ auth: 'public' }),
  tags,
  summary: 'Exchange a refresh token for a new token pair (the old refresh token is spent)',
  request: { body: jsonBody(RefreshBody) },
  responses: {
    200: jsonContent('A new token pair', z.object(TokenPair).openapi('LearningRefreshResponse')),
    ...errorResponses(401, 403, 413, 422, 500),
  },
});

export const logout = createRoute({
  method: 'post',
  path: '/api/v1/auth/logout',
  operationId: 'learningLogout',
  ...access({ auth: 'required' }),
  tags,
  summary: 'Sign out: the access token and its session stop working at once',
  security: [{ bearerAuth: [] }],
  middleware: [requireAuth()] as const,
  responses: {
    200: jsonContent('Signed out', z.object({ message: z.string(), detail: z.string() }).openapi('LearningLogoutResponse')),
    ...errorResponses(401, 500),
  },
});
