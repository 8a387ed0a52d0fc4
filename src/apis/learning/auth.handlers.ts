import type { RouteHandler } from '@hono/zod-openapi';
import type { AppConfig } from '../../config';
import { createAccount, findAccountById } from '../../domain/accounts/accounts';
import { identifierKey, signInWithLockout } from '../../domain/auth/login-throttle';
import { endSession, rotateRefreshToken, startSession, type TokenPolicy } from '../../domain/auth/sessions';
import { AppError } from '../../domain/errors';
import type { AppEnv } from '../../env';
import { limitRegistration, limitSignIn } from '../../platform/rate-limit';
import type { login, logout, me, refresh, register } from './auth.routes';
import { toLearningUser } from './users';

/** The learning document: access tokens ACCESS_TOKEN_EXPIRE_MINUTES (default 30), refresh tokens 7 days. */
const learningTokens = (config: AppConfig): TokenPolicy => ({
  accessTtlSeconds: config.learningAccessTokenMinutes * 60,
  refreshTtlSeconds: 7 * 24 * 3600,
});

/** Learners who sign up on the materials library get the student role (see docs/accounts.md). */
export const registerHandler: RouteHandler<typeof register, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  await limitRegistration(c.env, c.req.raw.headers);
  const account = await createAccount(
    c.var.deps,
    { email: body.email, name: body.name, password: body.password, role: 'student' },
    { selfRegistration: true },
  );
  return c.json(toLearningUser(account, c.req.url), 201);
};

export const loginHandler: RouteHandler<typeof login, AppEnv> = async (c) => {
  const { email, password } = c.req.valid('json');
  await limitSignIn(c.env, c.req.raw.headers, identifierKey({ email }));
  const account = await signInWithLockout(c.var.deps, { email }, password);
  const tokens = await startSession(c.var.deps, account, learningTokens(c.var.deps.config));
  return c.json(
    {
      access_token: tokens.accessToken,
      refresh_token: tokens.refreshToken!,
      token_type: 'bearer' as const,
      expires_in: tokens.accessExpiresIn,
      user: toLearningUser(account, c.req.url),
    },
    200,
  );
};

export const meHandler: RouteHandler<typeof me, AppEnv> = async (c) => {
  const account = await findAccountById(c.var.deps, c.var.principal.accountId);
  if (!account) throw new AppError('unauthenticated', 'USER_NOT_FOUND', 'User not found');
  if (!account.isActive) throw new AppError('forbidden', 'INACTIVE_USER', 'User account is disabled');
  return c.json(toLearningUser(account, c.req.url), 200);
};

export const refreshHandler: RouteHandler<typeof refresh, AppEnv> = async (c) => {
  const { tokens } = await rotateRefreshToken(c.var.deps, c.req.valid('json').refresh_token, learningTokens(c.var.deps.config));
  return c.json({ access_token: tokens.accessToken, refresh_token: tokens.refreshToken!, token_type: 'bearer' as const }, 200);
};

export const logoutHandler: RouteHandler<typeof logout, AppEnv> = async (c) => {
  await endSession(c.var.deps, c.var.principal);
  return c.json({ message: 'Successfully logged out', detail: 'Please discard your tokens on the client side' }, 200);
};
