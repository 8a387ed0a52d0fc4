import { excourse } from './api';
import * as users from './users.handlers';
import * as userRoutes from './users.routes';
import * as verifications from './verifications.handlers';
import * as verificationRoutes from './verifications.routes';

export const excourseApi = excourse.serve((app) =>
  app
    .openapi(verificationRoutes.sendCode, verifications.sendCodeHandler)
    .openapi(userRoutes.register, users.registerHandler)
    .openapi(userRoutes.login, users.loginHandler)
    .openapi(userRoutes.getUser, users.getUserHandler)
    .openapi(userRoutes.updateUser, users.updateUserHandler),
);
