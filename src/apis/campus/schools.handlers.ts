import type { RouteHandler } from '@hono/zod-openapi';
import { createSchool, deleteSchool, getSchoolFor, listMySchools, renameSchool } from '../../domain/schools/schools';
import type { AppEnv } from '../../env';
import { campusDone, campusOk } from './envelope';
import { pageOf } from './schemas';
import type * as routes from './schools.routes';
import { toCampusSchool, toPage } from './views';

export const listSchoolsHandler: RouteHandler<typeof routes.listSchools, AppEnv> = async (c) => {
  const req = pageOf(c.req.valid('query'));
  const page = await listMySchools(c.var.deps, c.var.principal.accountId, req);
  return campusOk(
    c,
    toPage(page, req, (s) => toCampusSchool(s, s.isOwner)),
  );
};

export const createSchoolHandler: RouteHandler<typeof routes.createSchool, AppEnv> = async (c) => {
  const school = await createSchool(c.var.deps, c.var.principal.accountId, c.req.valid('json').name);
  return campusOk(c, toCampusSchool(school, true));
};

export const getSchoolHandler: RouteHandler<typeof routes.getSchool, AppEnv> = async (c) => {
  const school = await getSchoolFor(c.var.deps, c.var.principal, c.req.valid('param').school_id);
  return campusOk(c, toCampusSchool(school, school.isOwner));
};

export const renameSchoolHandler: RouteHandler<typeof routes.renameSchool, AppEnv> = async (c) => {
  const school = await renameSchool(c.var.deps, c.var.principal.accountId, c.req.valid('param').school_id, c.req.valid('json').name);
  return campusOk(c, toCampusSchool(school, true));
};

export const deleteSchoolHandler: RouteHandler<typeof routes.deleteSchool, AppEnv> = async (c) => {
  await deleteSchool(c.var.deps, c.var.principal.accountId, c.req.valid('param').school_id);
  return campusDone(c);
};
