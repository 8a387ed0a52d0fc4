import { progress } from './api';
import * as departments from './departments.handlers';
import * as departmentRoutes from './departments.routes';
import * as imports from './imports.handlers';
import * as importRoutes from './imports.routes';
import * as tasks from './lesson-tasks.handlers';
import * as taskRoutes from './lesson-tasks.routes';
import * as users from './users.handlers';
import * as userRoutes from './users.routes';

export const progressApi = progress.serve((app) =>
  app
    .openapi(userRoutes.register, users.registerHandler)
    .openapi(userRoutes.login, users.loginHandler)
    .openapi(userRoutes.logout, users.logoutHandler)
    .openapi(userRoutes.current, users.currentHandler)
    .openapi(userRoutes.list, users.listHandler)
    .openapi(userRoutes.disable, users.disableHandler)
    .openapi(userRoutes.departmentUsers, users.departmentUsersHandler)
    .openapi(userRoutes.searchTeacher, users.searchTeacherHandler)
    .openapi(departmentRoutes.listDepartments, departments.listDepartmentsHandler)
    .openapi(departmentRoutes.createDepartment, departments.createDepartmentHandler)
    .openapi(taskRoutes.listTasks, tasks.listTasksHandler)
    .openapi(taskRoutes.departmentTasks, tasks.departmentTasksHandler)
    .openapi(taskRoutes.getTask, tasks.getTaskHandler)
    .openapi(taskRoutes.createTask, tasks.createTaskHandler)
    .openapi(taskRoutes.updateTask, tasks.updateTaskHandler)
    .openapi(taskRoutes.deleteTask, tasks.deleteTaskHandler)
    .openapi(importRoutes.importUsers, imports.importUsersHandler)
    .openapi(importRoutes.importLessonTasks, imports.importLessonTasksHandler)
    .openapi(importRoutes.importDepartments, imports.importDepartmentsHandler)
    .openapi(importRoutes.template, imports.templateHandler),
);
