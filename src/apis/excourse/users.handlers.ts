import type { RouteHandler } from '@hono/zod-openapi';
import { identifierKey } from '../../domain/auth/login-throttle';
import { startSession, type TokenPolicy } from '../../domain/auth/sessions';
import { AppError } from '../../domain/errors';
import {
  getExcourseUserFor,
  registerExcourseTeacher,
  signInExcourse,
  updateExcourseUser,
  type ExcoursePatch,
} from '../../domain/schools/excourse-teachers';
import type { AppEnv } from '../../env';
import { limitRegistration, limitSignIn } from '../../platform/rate-limit';
import type * as routes from './users.routes';
import { loginName, toExcourseUser } from './views';

/**
 * djangorestframework-jwt issued one token without refresh; the document's example lives 24 hours and
 * carries its payload (`user_id`, `username`, `email`), which frontends decode.
 */
export const EXCOURSE_TOKENS: TokenPolicy = {
  accessTtlSeconds: 24 * 3600,
  refreshTtlSeconds: null,
  claims: (a) => ({ user_id: a.id, username: loginName(a), email: a.email }),
};

/** DRF answers 404 for a pk that is not a number, as for one that does not exist. */
function parsePk(pk: string): number {
  if (!/^[1-9]\d{0,15}$/.test(pk)) throw new AppError('not_found', 'NOT_FOUND', 'No such user: the pk is not a number');
  return Number(pk);
}

export const registerHandler: RouteHandler<typeof routes.register, AppEnv> = async (c) => {
  const b = c.req.valid('json');
  const deps = c.var.deps;
  await limitRegistration(c.env, c.req.raw.headers);
  const user = await registerExcourseTeacher(deps, {
    username: b.username,
    password: b.password,
    schoolId: b.school_id,
    phone: b.phone,
    smsCode: b.sms_code,
    email: b.email,
    workId: b.work_id,
    wechat: b.wechat,
  });
  const tokens = await startSession(deps, user.account, EXCOURSE_TOKENS);
  // The document's order: id, token, then the user fields (their own: in full).
  const { id, ...fields } = toExcourseUser(user, deps.config.timezone, c.req.url, { accountId: user.account.id, role: user.account.role });
  return c.json({ id, token: tokens.accessToken, ...fields }, 201);
};

export const loginHandler: RouteHandler<typeof routes.login, AppEnv> = async (c) => {
  const { username, password } = c.req.valid('json');
  await limitSignIn(c.env, c.req.raw.headers, identifierKey({ username }));
  const account = await signInExcourse(c.var.deps, username, password);
  const tokens = await startSession(c.var.deps, account, EXCOURSE_TOKENS);
  return c.json({ user_id: account.id, username: loginName(account), token: tokens.accessToken }, 200);
};

export const getUserHandler: RouteHandler<typeof routes.getUser, AppEnv> = async (c) => {
  const user = await getExcourseUserFor(c.var.deps, c.var.principal, parsePk(c.req.valid('param').pk));
  return c.json(toExcourseUser(user, c.var.deps.config.timezone, c.req.url, c.var.principal), 200);
};

export const updateUserHandler: RouteHandler<typeof routes.updateUser, AppEnv> = async (c) => {
  const targetId = parsePk(c.req.valid('param').pk);
  const b = c.req.valid('json');
  const patch: ExcoursePatch = {
    password: b.password,
    email: b.email,
    icon: b.icon,
    wechat: b.wechat,
    workId: b.work_id,
    isSuperuser: b.is_superuser,
    isSuper: b.is_super,
    isGrade: b.is_grade,
    isActive: b.is_active,
    schoolId: b.school_id,
  };
  const deps = c.var.deps;
  const principal = c.var.principal;
  const user = await updateExcourseUser(deps, principal, targetId, patch);
  return c.json(toExcourseUser(user, deps.config.timezone, c.req.url, principal), 200);
};
