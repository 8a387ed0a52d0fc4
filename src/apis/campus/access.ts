import { createMiddleware } from 'hono/factory';
import { assertCampusRole, type CampusIdentity } from '../../domain/schools/campus-accounts';
import type { AppEnv } from '../../env';
import { requireAdmin, requireAuth } from '../../http/auth';
import type { TokenPolicy } from '../../domain/auth/sessions';

const identity = (which: CampusIdentity) =>
  createMiddleware<AppEnv>(async (c, next) => {
    assertCampusRole(c.var.principal.role, which);
    await next();
  });

const bearer = [{ bearerAuth: [] }];

/** Route options for teacher routes (every signed-in role but student), student routes, and administrators. */
export const teacherOnly = { security: bearer, middleware: [requireAuth(), identity(1)] };
export const studentOnly = { security: bearer, middleware: [requireAuth(), identity(2)] };
export const adminOnly = { security: bearer, middleware: [requireAuth(), requireAdmin, identity(1)] };

/** Campus tokens: access only, 7 days (Passport's year is past the 30-day window revocations are kept). */
export const CAMPUS_TOKENS: TokenPolicy = { accessTtlSeconds: 7 * 24 * 3600, refreshTtlSeconds: null };
