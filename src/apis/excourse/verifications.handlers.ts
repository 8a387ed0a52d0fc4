import type { RouteHandler } from '@hono/zod-openapi';
import { requestRegistrationCode } from '../../domain/schools/excourse-teachers';
import { smsServicesFor } from '../../domain/verification/sms';
import type { AppEnv } from '../../env';
import { clientIp, limit } from '../../platform/rate-limit';
import type * as routes from './verifications.routes';

export const sendCodeHandler: RouteHandler<typeof routes.sendCode, AppEnv> = async (c) => {
  const { phone, username } = c.req.valid('json');
  const deps = c.var.deps;
  await limit(c.env, 'smsIp', { key: clientIp(c.req.raw.headers) });
  await requestRegistrationCode(deps, smsServicesFor(c.env, deps.log), { phone, username, clientIp: c.req.header('CF-Connecting-IP') ?? null });
  return c.json({ message: '发送成功' }, 200);
};
