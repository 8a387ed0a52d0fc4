import { excourse } from './api';
import * as users from './users.handlers';
import * as userRoutes from './users.routes';
import * as verifications from './verifications.handlers';
import * as verificationRoutes from './verifications.routes';

/** Each routes module with its handlers, in the order the document lists them; route `x` is served by `xHandler`. */
export const excourseApi = excourse.serve([verificationRoutes, verifications], [userRoutes, users]);
