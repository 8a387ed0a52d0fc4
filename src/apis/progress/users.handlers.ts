import type { RouteHandler } from '@hono/zod-openapi';
import { identifierKey } from '../../domain/auth/login-throttle';
import { endSession, startSession, type TokenPolicy } from '../../domain/auth/sessions';
import { AppError } from '../../domain/errors';
import { roleFromNumber } from '../../domain/production/roles';
import { signInProgressUser } from '../../domain/production/sign-in';
import {
  createProgressUser,
  departmentUsers,
  disableUser,
  findProgressUser,
  findTeacherByEmail,
  isSelfRegistration,
  listProgressUsers,
} from '../../domain/production/users';
import type { AppEnv } from '../../env';
import { limitRegistration, limitSignIn } from '../../platform/rate-limit';
import { ok } from './envelope';
import type * as routes from './users.routes';
import { toUserDetails, toUserSummary } from './views';

const DAY = 24 * 3600;
/** The document's tokens: one day, or thirty with `remember`; no refresh token. */
const progressTokens = (remember: boolean): TokenPolicy => ({ accessTtlSeconds: remember ? 30 * DAY : DAY, refreshTtlSeconds: null });

export const registerHandler: RouteHandler<typeof routes.register, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const principal = c.get('principal') ?? null;
  if (isSelfRegistration(principal)) await limitRegistration(c.env, c.req.raw.headers);
  await createProgressUser(c.var.deps, principal, {
    username: body.username,
    email: body.email,
    password: body.password,
    departmentId: body.departmentId,
    role: roleFromNumber(body.roles)!,
    job: body.jobs ?? null,
    avatarUrl: body.avatar ?? null,
    creatorId: body.creatorId ?? null,
  });
  return c.json(ok(null), 200);
};

export const loginHandler: RouteHandler<typeof routes.login, AppEnv> = async (c) => {
  const { email, password, remember } = c.req.valid('json');
  await limitSignIn(c.env, c.req.raw.headers, identifierKey({ email }));
  const account = await signInProgressUser(c.var.deps, email, password);
  const tokens = await startSession(c.var.deps, account, progressTokens(remember === true));
  return c.json(ok({ token: tokens.accessToken }), 200);
};

export const logoutHandler: RouteHandler<typeof routes.logout, AppEnv> = async (c) => {
  await endSession(c.var.deps, c.var.principal);
  return c.json(ok('登出成功' as const), 200);
};

export const currentHandler: RouteHandler<typeof routes.current, AppEnv> = async (c) => {
  const user = await findProgressUser(c.var.deps, c.var.principal.accountId);
  if (!user) throw new AppError('unauthenticated', 'USER_NOT_FOUND', 'User not found');
  return c.json(ok(toUserDetails(user, c.req.url, c.var.principal)), 200);
};

export const listHandler: RouteHandler<typeof routes.list, AppEnv> = async (c) => {
  const { page, limit } = c.req.valid('query');
  const { users, total } = await listProgressUsers(c.var.deps, c.var.principal, page, limit);
  return c.json(
    ok({ list: users.map((u) => toUserSummary(u, c.req.url, c.var.principal)), total, currentPage: page, pageSize: limit }),
    200,
  );
};

export const disableHandler: RouteHandler<typeof routes.disable, AppEnv> = async (c) => {
  await disableUser(c.var.deps, c.var.principal, c.req.valid('param').userId);
  return c.json(ok('用户已禁用' as const), 200);
};

export const departmentUsersHandler: RouteHandler<typeof routes.departmentUsers, AppEnv> = async (c) => {
  const users = await departmentUsers(c.var.deps, c.var.principal, c.req.valid('param').departmentId);
  return c.json(ok(users.map((u) => toUserDetails(u, c.req.url, c.var.principal))), 200);
};

export const searchTeacherHandler: RouteHandler<typeof routes.searchTeacher, AppEnv> = async (c) => {
  const teacher = await findTeacherByEmail(c.var.deps, c.var.principal, c.req.valid('query').email);
  return c.json(ok(toUserDetails(teacher, c.req.url, c.var.principal)), 200);
};
