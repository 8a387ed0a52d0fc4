import * as admin from './admin.handlers';
import * as adminRoutes from './admin.routes';
import { learning } from './api';
import * as audit from './audit.handlers';
import * as auditRoutes from './audit.routes';
import * as authHandlers from './auth.handlers';
import * as authRoutes from './auth.routes';
import * as healthHandlers from './health.handlers';
import * as healthRoutes from './health.routes';
import * as materials from './materials.handlers';
import * as materialRoutes from './materials.routes';
import * as uploads from './uploads.handlers';
import * as uploadRoutes from './uploads.routes';

export const learningApi = learning.serve((app) => {
  app
    .openapi(healthRoutes.health, healthHandlers.healthHandler)
    .openapi(healthRoutes.databaseHealth, healthHandlers.databaseHealthHandler)
    .openapi(authRoutes.register, authHandlers.registerHandler)
    .openapi(authRoutes.login, authHandlers.loginHandler)
    .openapi(authRoutes.me, authHandlers.meHandler)
    .openapi(authRoutes.refresh, authHandlers.refreshHandler)
    .openapi(authRoutes.logout, authHandlers.logoutHandler)
    .openapi(materialRoutes.listMaterials, materials.listMaterialsHandler)
    .openapi(materialRoutes.getMaterial, materials.getMaterialHandler)
    .openapi(materialRoutes.deleteMaterial, materials.deleteMaterialHandler)
    .openapi(materialRoutes.likeMaterial, materials.likeMaterialHandler)
    .openapi(materialRoutes.materialFile, materials.materialFileHandler)
    .openapi(materialRoutes.materialThumbnail, materials.materialThumbnailHandler)
    .openapi(materialRoutes.materialObjectRouting, materials.materialObjectRoutingHandler)
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
    .openapi(adminRoutes.pauseJob, admin.pauseJobHandler)
    .openapi(adminRoutes.resumeJob, admin.resumeJobHandler)
    .openapi(auditRoutes.listAudit, audit.listAuditHandler);
  // The document shows the object route with a plain {key}; Hono routes it by materialObjectRouting.
  app.openAPIRegistry.registerPath(materialRoutes.materialObject);
});
