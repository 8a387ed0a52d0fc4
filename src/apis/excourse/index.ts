import type { ApiModule } from '../../http/api-module';
import { createRouter } from '../../http/router';
import { excourseErrorResponse } from './envelope';
import * as users from './users.handlers';
import * as userRoutes from './users.routes';
import * as verifications from './verifications.handlers';
import * as verificationRoutes from './verifications.routes';

const app = createRouter()
  .openapi(verificationRoutes.sendCode, verifications.sendCodeHandler)
  .openapi(userRoutes.register, users.registerHandler)
  .openapi(userRoutes.login, users.loginHandler)
  .openapi(userRoutes.getUser, users.getUserHandler)
  .openapi(userRoutes.updateUser, users.updateUserHandler);

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

export const excourseApi: ApiModule = {
  name: 'excourse',
  title: 'Excourse teachers API',
  description: 'excourse_v1: teacher registration with SMS codes, sign-in and profiles (document 002). Django REST framework conventions.',
  owns: (path) => under(path, '/vertifications') || under(path, '/users'),
  slashedPaths: true,
  app,
  errorResponse: excourseErrorResponse,
};
