import type { RouteHandler } from '@hono/zod-openapi';
import { checkDatabase, SERVICE_VERSION } from '../../domain/health';
import type { AppEnv } from '../../env';
import type { databaseHealth, health } from './health.routes';

export const healthHandler: RouteHandler<typeof health, AppEnv> = (c) =>
  c.json({ status: 'healthy' as const, version: SERVICE_VERSION, environment: c.var.deps.config.environment }, 200);

export const databaseHealthHandler: RouteHandler<typeof databaseHealth, AppEnv> = async (c) => {
  await checkDatabase(c.var.deps);
  return c.json({ status: 'healthy' as const, database: 'connected' as const }, 200);
};
