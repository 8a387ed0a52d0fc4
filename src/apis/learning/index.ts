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

/** Each routes module with its handlers, in the order the document lists them; route `x` is served by `xHandler`. */
export const learningApi = learning.serve(
  [healthRoutes, healthHandlers],
  [authRoutes, authHandlers],
  [materialRoutes, materials],
  [uploadRoutes, uploads],
  [adminRoutes, admin],
  [auditRoutes, audit],
);
