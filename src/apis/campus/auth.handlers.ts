import type { RouteHandler } from '@hono/zod-openapi';
import type { Account } from '../../domain/accounts/accounts';
import { startSession } from '../../domain/auth/sessions';
import type { Deps } from '../../domain/deps';
import { registerCampusTeacher, signInCampus } from '../../domain/schools/campus-accounts';
import type { AppEnv } from '../../env';
import { CAMPUS_TOKENS } from './access';
import type * as routes from './auth.routes';
import { campusOk } from './envelope';

export async function campusToken(deps: Deps, account: Account) {
  const tokens = await startSession(deps, account, CAMPUS_TOKENS);
  return { token_type: 'bearer' as const, access_token: tokens.accessToken, expires_in: tokens.accessExpiresIn };
}

export const loginHandler: RouteHandler<typeof routes.login, AppEnv> = async (c) => {
  const { identity, username, password } = c.req.valid('json');
  const account = await signInCampus(c.var.deps, identity, username, password);
  return campusOk(c, await campusToken(c.var.deps, account));
};

export const registerHandler: RouteHandler<typeof routes.register, AppEnv> = async (c) => {
  const { name, username, password } = c.req.valid('json');
  const account = await registerCampusTeacher(c.var.deps, { name, email: username, password });
  return campusOk(c, await campusToken(c.var.deps, account));
};
