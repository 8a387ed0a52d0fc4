import { progress } from './api';
import * as departments from './departments.handlers';
import * as departmentRoutes from './departments.routes';
import * as imports from './imports.handlers';
import * as importRoutes from './imports.routes';
import * as tasks from './lesson-tasks.handlers';
import * as taskRoutes from './lesson-tasks.routes';
import * as users from './users.handlers';
import * as userRoutes from './users.routes';

/** Each routes module with its handlers, in the order the document lists them; route `x` is served by `xHandler`. */
export const progressApi = progress.serve(
  [userRoutes, users],
  [departmentRoutes, departments],
  [taskRoutes, tasks],
  [importRoutes, imports],
);
