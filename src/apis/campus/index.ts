import type { ApiModule } from '../../http/api-module';
import { createRouter } from '../../http/router';
import * as admin from './admin.handlers';
import * as adminRoutes from './admin.routes';
import * as auth from './auth.handlers';
import * as authRoutes from './auth.routes';
import { campusErrorResponse } from './envelope';
import * as schools from './schools.handlers';
import * as schoolRoutes from './schools.routes';
import * as students from './students.handlers';
import * as studentRoutes from './students.routes';
import { typeErrorsAlone } from './validation';

// Laravel stops at a wrong type (validation.ts); the envelope keeps the text Chinese.
const router = createRouter({ issues: typeErrorsAlone });

const app = router
  .openapi(authRoutes.login, auth.loginHandler)
  .openapi(authRoutes.register, auth.registerHandler)
  .openapi(schoolRoutes.listSchools, schools.listHandler)
  .openapi(schoolRoutes.createSchool, schools.createHandler)
  .openapi(schoolRoutes.getSchool, schools.detailHandler)
  .openapi(schoolRoutes.renameSchool, schools.renameHandler)
  .openapi(schoolRoutes.deleteSchool, schools.deleteHandler)
  .openapi(studentRoutes.listStudents, students.listHandler)
  .openapi(studentRoutes.createStudent, students.createHandler)
  .openapi(studentRoutes.resetPassword, students.resetPasswordHandler)
  .openapi(studentRoutes.updateStudent, students.updateHandler)
  .openapi(studentRoutes.removeStudent, students.removeHandler)
  .openapi(studentRoutes.profile, students.profileHandler)
  .openapi(studentRoutes.changePassword, students.changePasswordHandler)
  .openapi(adminRoutes.listForReview, admin.listHandler)
  .openapi(adminRoutes.approve, admin.approveHandler)
  .openapi(adminRoutes.reject, admin.rejectHandler);

export const campusApi: ApiModule = {
  name: 'campus',
  title: 'Campus API',
  description: 'Campus: teachers, their schools (reviewed by administrators) and students (document 004). Laravel conventions.',
  owns: (path) => path === '/v1' || path.startsWith('/v1/'),
  app,
  errorResponse: campusErrorResponse,
};
