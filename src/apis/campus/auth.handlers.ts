import type { RouteHandler } from '@hono/zod-openapi';
import type { Account } from '../../domain/accounts/accounts';
import { identifierKey } from '../../domain/auth/login-throttle';
import { startSession, type TokenPolicy } from '../../domain/auth/sessions';
import type { Deps } from '../../domain/deps';
import { campusIdentifier, registerCampusTeacher, signInCampus } from '../../domain/schools/campus-accounts';
import type { AppEnv } from '../../env';
import { limitRegistration, limitSignIn } from '../../platform/rate-limit';
import type * as routes from './auth.routes';
import { campusOk } from './envelope';
import { CAMPUS_IDENTITIES } from './identity';

/** Campus tokens: access only, 7 days (Passport's year is past the 30-day window revocations are kept). */
export const CAMPUS_TOKENS: TokenPolicy = { accessTtlSeconds: 7 * 24 * 3600, refreshTtlSeconds: null };

export async function campusToken(deps: Deps, account: Account) {
  const tokens = await startSession(deps, account, CAMPUS_TOKENS);
  return { token_type: 'bearer' as const, access_token: tokens.accessToken, expires_in: tokens.accessExpiresIn };
}

export const loginHandler: RouteHandler<typeof routes.login, AppEnv> = async (c) => {
  const { identity, username, password } = c.req.valid('json');
  const side = CAMPUS_IDENTITIES[identity];
  await limitSignIn(c.env, c.req.raw.headers, identifierKey(campusIdentifier(side, username)));
  const account = await signInCampus(c.var.deps, side, username, password);
  return campusOk(c, await campusToken(c.var.deps, account));
};

export const registerHandler: RouteHandler<typeof routes.register, AppEnv> = async (c) => {
  const { name, username, password } = c.req.valid('json');
  await limitRegistration(c.env, c.req.raw.headers);
  const account = await registerCampusTeacher(c.var.deps, { name, email: username, password });
  return campusOk(c, await campusToken(c.var.deps, account));
};
