import type { RouteHandler } from '@hono/zod-openapi';
import {
  changeOwnPassword,
  createStudent,
  listStudents,
  removeStudent,
  resetStudentPassword,
  studentProfile,
  updateStudent,
} from '../../domain/schools/students';
import type { AppEnv } from '../../env';
import { epochSeconds } from '../../platform/time-zone';
import { campusToken } from './auth.handlers';
import { campusDone, campusOk } from './envelope';
import { pageOf } from './schemas';
import type * as routes from './students.routes';
import { toCampusSchool, toCampusStudent, toPage } from './views';

export const listStudentsHandler: RouteHandler<typeof routes.listStudents, AppEnv> = async (c) => {
  const { school_id } = c.req.valid('param');
  const q = c.req.valid('query');
  const req = pageOf(q);
  const page = await listStudents(c.var.deps, c.var.principal.accountId, school_id, req, q.keyword || null);
  return campusOk(
    c,
    toPage(page, req, (a) => toCampusStudent(a, school_id)),
  );
};

export const createStudentHandler: RouteHandler<typeof routes.createStudent, AppEnv> = async (c) => {
  const { school_id } = c.req.valid('param');
  const { name, username, password } = c.req.valid('json');
  const student = await createStudent(c.var.deps, c.var.principal.accountId, school_id, { name, username, password });
  return campusOk(c, toCampusStudent(student, school_id));
};

export const resetPasswordHandler: RouteHandler<typeof routes.resetPassword, AppEnv> = async (c) => {
  const { school_id, student_id } = c.req.valid('param');
  await resetStudentPassword(c.var.deps, c.var.principal.accountId, school_id, student_id, c.req.valid('json').password);
  return campusDone(c);
};

export const updateStudentHandler: RouteHandler<typeof routes.updateStudent, AppEnv> = async (c) => {
  const { school_id, student_id } = c.req.valid('param');
  const { name, password } = c.req.valid('json');
  const student = await updateStudent(c.var.deps, c.var.principal.accountId, school_id, student_id, { name, password });
  return campusOk(c, toCampusStudent(student, school_id));
};

export const removeStudentHandler: RouteHandler<typeof routes.removeStudent, AppEnv> = async (c) => {
  const { school_id, student_id } = c.req.valid('param');
  await removeStudent(c.var.deps, c.var.principal.accountId, school_id, student_id);
  return campusDone(c);
};

export const profileHandler: RouteHandler<typeof routes.profile, AppEnv> = async (c) => {
  const { account: a, school } = await studentProfile(c.var.deps, c.var.principal.accountId);
  let schoolView = null;
  if (school) {
    const { is_owner: _owner, ...rest } = toCampusSchool(school, false);
    schoolView = rest;
  }
  return campusOk(c, {
    id: a.id,
    name: a.name,
    username: a.username ?? '',
    last_login_at: a.lastLoginAt === null ? null : epochSeconds(a.lastLoginAt),
    created_at: epochSeconds(a.createdAt),
    updated_at: epochSeconds(a.updatedAt),
    school: schoolView,
  });
};

export const changePasswordHandler: RouteHandler<typeof routes.changePassword, AppEnv> = async (c) => {
  const b = c.req.valid('json');
  // The body's refinement guarantees one spelling of each.
  const account = await changeOwnPassword(
    c.var.deps,
    c.var.principal.accountId,
    (b.old_password ?? b.current_password)!,
    (b.password ?? b.new_password)!,
  );
  return campusOk(c, await campusToken(c.var.deps, account));
};
