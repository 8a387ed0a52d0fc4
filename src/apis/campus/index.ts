import * as admin from './admin.handlers';
import * as adminRoutes from './admin.routes';
import { campus } from './api';
import * as auth from './auth.handlers';
import * as authRoutes from './auth.routes';
import * as schools from './schools.handlers';
import * as schoolRoutes from './schools.routes';
import * as students from './students.handlers';
import * as studentRoutes from './students.routes';

export const campusApi = campus.serve((app) =>
  app
    .openapi(authRoutes.login, auth.loginHandler)
    .openapi(authRoutes.register, auth.registerHandler)
    .openapi(schoolRoutes.listSchools, schools.listSchoolsHandler)
    .openapi(schoolRoutes.createSchool, schools.createSchoolHandler)
    .openapi(schoolRoutes.getSchool, schools.getSchoolHandler)
    .openapi(schoolRoutes.renameSchool, schools.renameSchoolHandler)
    .openapi(schoolRoutes.deleteSchool, schools.deleteSchoolHandler)
    .openapi(studentRoutes.listStudents, students.listStudentsHandler)
    .openapi(studentRoutes.createStudent, students.createStudentHandler)
    .openapi(studentRoutes.resetPassword, students.resetPasswordHandler)
    .openapi(studentRoutes.updateStudent, students.updateStudentHandler)
    .openapi(studentRoutes.removeStudent, students.removeStudentHandler)
    .openapi(studentRoutes.profile, students.profileHandler)
    .openapi(studentRoutes.changePassword, students.changePasswordHandler)
    .openapi(adminRoutes.listForReview, admin.listForReviewHandler)
    .openapi(adminRoutes.approve, admin.approveHandler)
    .openapi(adminRoutes.reject, admin.rejectHandler),
);
