import type { RouteHandler } from '@hono/zod-openapi';
import { createDepartment, listDepartments } from '../../domain/production/departments';
import type { AppEnv } from '../../env';
import type * as routes from './departments.routes';
import { ok } from './envelope';
import { toDepartment } from './views';

export const listDepartmentsHandler: RouteHandler<typeof routes.listDepartments, AppEnv> = async (c) =>
  c.json(ok((await listDepartments(c.var.deps)).map(toDepartment)), 200);

export const createDepartmentHandler: RouteHandler<typeof routes.createDepartment, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const department = await createDepartment(c.var.deps, c.var.principal, { name: body.name, description: body.description ?? '' });
  return c.json(ok(toDepartment(department)), 200);
};
