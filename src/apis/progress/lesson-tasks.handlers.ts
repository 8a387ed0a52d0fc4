import type { RouteHandler } from '@hono/zod-openapi';
import {
  createLessonTask,
  deleteLessonTask,
  departmentLessonTasks,
  getLessonTask,
  listLessonTasks,
  updateLessonTask,
} from '../../domain/production/lesson-tasks';
import type { ProgressStatus } from '../../domain/production/workflow';
import type { AppEnv } from '../../env';
import { ok } from './envelope';
import type * as routes from './lesson-tasks.routes';
import { toDepartmentTask, toLessonTask, toSpringPage } from './views';

export const listTasksHandler: RouteHandler<typeof routes.listTasks, AppEnv> = async (c) => {
  const q = c.req.valid('query');
  const page = await listLessonTasks(c.var.deps, c.var.principal, q);
  return c.json(ok(toSpringPage(page, q.page, q.size, toLessonTask)), 200);
};

export const getTaskHandler: RouteHandler<typeof routes.getTask, AppEnv> = async (c) =>
  c.json(ok(toLessonTask(await getLessonTask(c.var.deps, c.var.principal, c.req.valid('param').id))), 200);

export const createTaskHandler: RouteHandler<typeof routes.createTask, AppEnv> = async (c) => {
  const task = await createLessonTask(c.var.deps, c.var.principal, c.req.valid('json'));
  return c.json(ok(toLessonTask(task)), 200);
};

export const updateTaskHandler: RouteHandler<typeof routes.updateTask, AppEnv> = async (c) => {
  const { progressStatus, ...rest } = c.req.valid('json');
  const patch = { ...rest, ...(progressStatus !== undefined ? { progressStatus: progressStatus as ProgressStatus } : {}) };
  const task = await updateLessonTask(c.var.deps, c.var.principal, c.req.valid('param').id, patch);
  return c.json(ok(toLessonTask(task)), 200);
};

export const departmentTasksHandler: RouteHandler<typeof routes.departmentTasks, AppEnv> = async (c) => {
  const q = c.req.valid('query');
  const page = await departmentLessonTasks(c.var.deps, c.var.principal, c.req.valid('param').departmentId, q);
  return c.json(ok(toSpringPage(page, q.page, q.size, toDepartmentTask)), 200);
};

export const deleteTaskHandler: RouteHandler<typeof routes.deleteTask, AppEnv> = async (c) => {
  await deleteLessonTask(c.var.deps, c.var.principal, c.req.valid('param').id);
  return c.json(ok(null), 200);
};
