import { createRouter } from '../../http/router';
import type { ApiModule } from '../../http/api-module';
import * as authHandlers from './auth.handlers';
import * as authRoutes from './auth.routes';
import { learningErrorResponse } from './envelope';
import * as healthHandlers from './health.handlers';
import * as healthRoutes from './health.routes';

const app = createRouter()
  .openapi(healthRoutes.health, healthHandlers.getHealth)
  .openapi(healthRoutes.databaseHealth, healthHandlers.getDatabaseHealth)
  .openapi(authRoutes.register, authHandlers.registerHandler)
  .openapi(authRoutes.login, authHandlers.loginHandler)
  .openapi(authRoutes.me, authHandlers.meHandler)
  .openapi(authRoutes.refresh, authHandlers.refreshHandler)
  .openapi(authRoutes.logout, authHandlers.logoutHandler);

export const learningApi: ApiModule = {
  name: 'learning',
  title: 'Learning materials API',
  description: 'AI Learning Platform: accounts, materials, uploads and administration (document 003).',
  owns: (path) => path === '/health' || path === '/api/v1' || path.startsWith('/api/v1/'),
  app,
  errorResponse: learningErrorResponse,
};
