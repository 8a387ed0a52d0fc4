import { personalCenter } from './api';
import * as auth from './auth.handlers';
import * as authRoutes from './auth.routes';
import * as catalog from './catalog.handlers';
import * as catalogRoutes from './catalog.routes';
import * as community from './community.handlers';
import * as communityRoutes from './community.routes';
import * as student from './student.handlers';
import * as studentRoutes from './student.routes';
import * as teacher from './teacher.handlers';
import * as teacherRoutes from './teacher.routes';
import * as user from './user.handlers';
import * as userRoutes from './user.routes';

/** Each routes module with its handlers, in the order the document lists them; route `x` is served by `xHandler`. */
export const personalCenterApi = personalCenter.serve(
  [authRoutes, auth],
  [userRoutes, user],
  [catalogRoutes, catalog],
  [studentRoutes, student],
  [communityRoutes, community],
  [teacherRoutes, teacher],
);
