import type { RouteHandler } from '@hono/zod-openapi';
import { requestRegistrationCode } from '../../domain/schools/excourse-teachers';
import type { AppEnv } from '../../env';
import { clientIp, limit } from '../../platform/rate-limit';
import { smsServicesFor } from '../../sms';
import type * as routes from './verifications.routes';
import { smsText } from './words';

export const sendCodeHandler: RouteHandler<typeof routes.sendCode, AppEnv> = async (c) => {
  const { phone, username } = c.req.valid('json');
  const deps = c.var.deps;
  await limit(c.env, 'smsIp', { key: clientIp(c.req.raw.headers) });
  await requestRegistrationCode(deps, smsServicesFor(c.env, deps.log, smsText), {
    phone,
    username,
    clientIp: c.req.header('CF-Connecting-IP') ?? null,
  });
  return c.json({ message: '发送成功' }, 200);
};
