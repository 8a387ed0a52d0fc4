import * as admin from './admin.handlers';
import * as adminRoutes from './admin.routes';
import { campus } from './api';
import * as auth from './auth.handlers';
import * as authRoutes from './auth.routes';
import * as schools from './schools.handlers';
import * as schoolRoutes from './schools.routes';
import * as students from './students.handlers';
import * as studentRoutes from './students.routes';

/** Each routes module with its handlers, in the order the document lists them; route `x` is served by `xHandler`. */
export const campusApi = campus.serve([authRoutes, auth], [schoolRoutes, schools], [studentRoutes, students], [adminRoutes, admin]);
