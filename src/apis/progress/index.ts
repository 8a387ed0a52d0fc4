import type { ApiModule } from '../../http/api-module';
import { createRouter } from '../../http/router';
import * as departments from './departments.handlers';
import * as departmentRoutes from './departments.routes';
import { progressErrorResponse } from './envelope';
import * as imports from './imports.handlers';
import * as importRoutes from './imports.routes';
import * as tasks from './lesson-tasks.handlers';
import * as taskRoutes from './lesson-tasks.routes';
import { PERMISSIONS_MARKDOWN } from './permissions';
import * as users from './users.handlers';
import * as userRoutes from './users.routes';
import { progressIssues } from './validation';

// Every route of this API, including ones added later, answers validation failures in Chinese.
const router = createRouter({ issues: progressIssues });

const app = router
  .openapi(userRoutes.register, users.registerHandler)
  .openapi(userRoutes.login, users.loginHandler)
  .openapi(userRoutes.logout, users.logoutHandler)
  .openapi(userRoutes.current, users.currentHandler)
  .openapi(userRoutes.list, users.listHandler)
  .openapi(userRoutes.disable, users.disableHandler)
  .openapi(userRoutes.departmentUsers, users.departmentUsersHandler)
  .openapi(userRoutes.searchTeacher, users.searchTeacherHandler)
  .openapi(departmentRoutes.listDepartments, departments.listHandler)
  .openapi(departmentRoutes.createDepartment, departments.createHandler)
  .openapi(taskRoutes.listTasks, tasks.listHandler)
  .openapi(taskRoutes.departmentTasks, tasks.departmentHandler)
  .openapi(taskRoutes.getTask, tasks.getHandler)
  .openapi(taskRoutes.createTask, tasks.createHandler)
  .openapi(taskRoutes.updateTask, tasks.updateHandler)
  .openapi(taskRoutes.deleteTask, tasks.deleteHandler)
  .openapi(importRoutes.importUsers, imports.importUsersHandler)
  .openapi(importRoutes.importLessonTasks, imports.importLessonTasksHandler)
  .openapi(importRoutes.importDepartments, imports.importDepartmentsHandler)
  .openapi(importRoutes.template, imports.templateHandler);

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

export const progressApi: ApiModule = {
  name: 'progress',
  title: 'Course-production progress API',
  description: `进度管理系统: users, departments, lesson tasks and spreadsheet import (document 001). Envelope \`{ code, message, data }\`, code 10000 on success; times are 10-digit seconds.\n\n${PERMISSIONS_MARKDOWN}`,
  owns: (path) => under(path, '/api/users') || under(path, '/api/lesson-tasks') || under(path, '/api/import') || under(path, '/api/departments'),
  app,
  errorResponse: progressErrorResponse,
};
