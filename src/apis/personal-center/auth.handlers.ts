import type { RouteHandler } from '@hono/zod-openapi';
import { createAccount } from '../../domain/accounts/accounts';
import { identifierKey } from '../../domain/auth/login-throttle';
import { startSession, type TokenPolicy } from '../../domain/auth/sessions';
import { signInByPhone } from '../../domain/profiles/phone-sign-in';
import type { AppEnv } from '../../env';
import { limitRegistration, limitSignIn } from '../../platform/rate-limit';
import type * as routes from './auth.routes';
import { success } from './envelope';
import { pcRole, toUser } from './views';

/**
 * The document's example token lives 7 days (exp − iat = 604800) and carries `userId`; there is no
 * refresh route. (Its `role` claim is the shared token's role, `student`/`teacher`, not the
 * document's `learner`/`instructor`: every API reads that claim. The login body says learner/instructor.)
 */
export const PERSONAL_CENTER_TOKENS: TokenPolicy = {
  accessTtlSeconds: 7 * 24 * 3600,
  refreshTtlSeconds: null,
  claims: (a) => ({ userId: a.id }),
};

export const healthHandler: RouteHandler<typeof routes.health, AppEnv> = (c) =>
  c.json(
    { status: 'success' as const, message: 'Personal Center API is running', timestamp: new Date(c.var.deps.clock.now()).toISOString() },
    200,
  );

export const registerHandler: RouteHandler<typeof routes.register, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  await limitRegistration(c.env, c.req.raw.headers);
  const account = await createAccount(
    c.var.deps,
    {
      name: body.user_name,
      phone: body.phone,
      email: body.email,
      password: body.password,
      role: body.role === 'instructor' ? 'teacher' : 'student',
    },
    { selfRegistration: true },
  );
  return c.json(
    success(
      {
        userId: account.id,
        user_name: account.name,
        phone: account.phone ?? body.phone,
        email: account.email ?? body.email,
        role: pcRole(account.role),
      },
      '注册成功',
    ),
    200,
  );
};

export const loginHandler: RouteHandler<typeof routes.login, AppEnv> = async (c) => {
  const { phone, password } = c.req.valid('json');
  await limitSignIn(c.env, c.req.raw.headers, identifierKey({ phone }));
  const account = await signInByPhone(c.var.deps, phone, password);
  const tokens = await startSession(c.var.deps, account, PERSONAL_CENTER_TOKENS);
  return c.json(success({ token: tokens.accessToken, user: toUser(account) }, '登录成功'), 200);
};
