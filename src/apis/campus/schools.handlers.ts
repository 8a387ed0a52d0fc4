import type { RouteHandler } from '@hono/zod-openapi';
import { AppError, isAppError } from '../../domain/errors';
import { createSchool, deleteSchool, getSchoolFor, listMySchools, renameSchool } from '../../domain/schools/schools';
import type { AppEnv } from '../../env';
import { campusDone, campusOk } from './envelope';
import { pageOf } from './schemas';
import type * as routes from './schools.routes';
import { toCampusSchool, toPage } from './views';

export const listHandler: RouteHandler<typeof routes.listSchools, AppEnv> = async (c) => {
  const req = pageOf(c.req.valid('query'));
  const page = await listMySchools(c.var.deps, c.var.principal.accountId, req);
  return campusOk(c, toPage(page, req, (s) => toCampusSchool(s, s.isOwner)));
};

export const createHandler: RouteHandler<typeof routes.createSchool, AppEnv> = async (c) => {
  const school = await createSchool(c.var.deps, c.var.principal.accountId, c.req.valid('json').name);
  return campusOk(c, toCampusSchool(school, true));
};

export const detailHandler: RouteHandler<typeof routes.getSchool, AppEnv> = async (c) => {
  const school = await getSchoolFor(c.var.deps, c.var.principal, c.req.valid('param').school_id);
  return campusOk(c, toCampusSchool(school, school.isOwner));
};

export const renameHandler: RouteHandler<typeof routes.renameSchool, AppEnv> = async (c) => {
  const school = await renameSchool(c.var.deps, c.var.principal.accountId, c.req.valid('param').school_id, c.req.valid('json').name);
  return campusOk(c, toCampusSchool(school, true));
};

export const deleteHandler: RouteHandler<typeof routes.deleteSchool, AppEnv> = async (c) => {
  try {
    await deleteSchool(c.var.deps, c.var.principal.accountId, c.req.valid('param').school_id);
  } catch (e) {
    throw isAppError(e) && e.code === 'SCHOOL_HAS_MEMBERS' ? membersRemain(e) : e;
  }
  return campusDone(c);
};

/**
 * The refusal says what the owner can do: remove the students here, but not the teachers (an excourse
 * teacher leaves a school only when the sysadmin, 超级管理员, moves them with the excourse API's
 * `PUT /users/{pk}/ {school_id}`). The domain's message names the counts ("N 名学生", "N 名教师");
 * if it stops doing so, it is passed on unchanged.
 */
function membersRemain(e: AppError): AppError {
  const count = (who: string) => Number(new RegExp(`(\\d+)\\s*名${who}`).exec(e.message)?.[1] ?? 0);
  const students = count('学生');
  const teachers = count('教师');
  let advice: string;
  if (students && teachers) advice = `${students} 名学生和 ${teachers} 名教师，请先移除学生，并联系超级管理员将教师调到其他学校，再删除学校`;
  else if (students) advice = `${students} 名学生，请先移除学生后再删除学校`;
  else if (teachers) advice = `${teachers} 名教师，请联系超级管理员将教师调到其他学校后再删除学校`;
  else return e;
  return new AppError(e.kind, e.code, `该学校下还有 ${advice}`, e.details);
}
