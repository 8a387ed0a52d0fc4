import type { RouteHandler } from '@hono/zod-openapi';
import { approveSchool, listSchoolsForReview, rejectSchool } from '../../domain/schools/schools';
import type { AppEnv } from '../../env';
import type * as routes from './admin.routes';
import { campusOk } from './envelope';
import { pageOf } from './schemas';
import { toCampusSchool, toPage, toReviewItem } from './views';

export const listForReviewHandler: RouteHandler<typeof routes.listForReview, AppEnv> = async (c) => {
  const q = c.req.valid('query');
  const req = pageOf(q);
  const page = await listSchoolsForReview(c.var.deps, q.status ?? null, req);
  return campusOk(
    c,
    toPage(page, req, (s) => toReviewItem(s, c.var.principal)),
  );
};

export const approveHandler: RouteHandler<typeof routes.approve, AppEnv> = async (c) => {
  const me = c.var.principal.accountId;
  const school = await approveSchool(c.var.deps, me, c.req.valid('param').school_id);
  return campusOk(c, toCampusSchool(school, school.ownerId === me));
};

export const rejectHandler: RouteHandler<typeof routes.reject, AppEnv> = async (c) => {
  const me = c.var.principal.accountId;
  const school = await rejectSchool(c.var.deps, me, c.req.valid('param').school_id, c.req.valid('json').reason);
  return campusOk(c, toCampusSchool(school, school.ownerId === me));
};
