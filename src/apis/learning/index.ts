import { createRouter } from '../../http/router';
import type { ApiModule } from '../../http/api-module';
import * as authHandlers from './auth.handlers';
import * as authRoutes from './auth.routes';
import { learningErrorResponse } from './envelope';
import * as admin from './admin.handlers';
import * as adminRoutes from './admin.routes';
import * as audit from './audit.handlers';
import * as auditRoutes from './audit.routes';
import * as healthHandlers from './health.handlers';
import * as healthRoutes from './health.routes';
import * as materials from './materials.handlers';
import * as materialRoutes from './materials.routes';
import * as uploads from './uploads.handlers';
import * as uploadRoutes from './uploads.routes';

const app = createRouter()
  .openapi(healthRoutes.health, healthHandlers.getHealth)
  .openapi(healthRoutes.databaseHealth, healthHandlers.getDatabaseHealth)
  .openapi(authRoutes.register, authHandlers.registerHandler)
  .openapi(authRoutes.login, authHandlers.loginHandler)
  .openapi(authRoutes.me, authHandlers.meHandler)
  .openapi(authRoutes.refresh, authHandlers.refreshHandler)
  .openapi(authRoutes.logout, authHandlers.logoutHandler)
  .openapi(materialRoutes.listMaterials, materials.listHandler)
  .openapi(materialRoutes.getMaterial, materials.detailHandler)
  .openapi(materialRoutes.deleteMaterial, materials.deleteHandler)
  .openapi(materialRoutes.likeMaterial, materials.likeHandler)
  .openapi(materialRoutes.materialFile, materials.fileHandler)
  .openapi(materialRoutes.materialThumbnail, materials.thumbnailHandler)
  .openapi(materialRoutes.materialObjectRouting, materials.objectHandler)
  .openapi(uploadRoutes.upload, uploads.uploadHandler)
  .openapi(uploadRoutes.uploadStatus, uploads.uploadStatusHandler)
  .openapi(uploadRoutes.thumbnailStatus, uploads.thumbnailStatusHandler)
  .openapi(uploadRoutes.deleteUpload, uploads.deleteUploadHandler)
  .openapi(uploadRoutes.createSession, uploads.createSessionHandler)
  .openapi(uploadRoutes.getSession, uploads.getSessionHandler)
  .openapi(uploadRoutes.putPart, uploads.putPartHandler)
  .openapi(uploadRoutes.completeSession, uploads.completeSessionHandler)
  .openapi(uploadRoutes.abortSession, uploads.abortSessionHandler)
  .openapi(adminRoutes.cleanup, admin.cleanupHandler)
  .openapi(adminRoutes.schedulerStatus, admin.schedulerStatusHandler)
  .openapi(adminRoutes.pauseJob, admin.pauseHandler)
  .openapi(adminRoutes.resumeJob, admin.resumeHandler)
  .openapi(auditRoutes.listAudit, audit.listAuditHandler);
app.openAPIRegistry.registerPath(materialRoutes.materialObject);

export const learningApi: ApiModule = {
  name: 'learning',
  title: 'Learning materials API',
  description: 'AI Learning Platform: accounts, materials, uploads and administration (document 003).',
  owns: (path) => path === '/health' || path === '/api/v1' || path.startsWith('/api/v1/') || path === '/materials' || path.startsWith('/materials/'),
  app,
  errorResponse: learningErrorResponse,
};
