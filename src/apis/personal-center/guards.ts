import { createMiddleware } from 'hono/factory';
import type { Role } from '../../domain/accounts/roles';
import { AppError } from '../../domain/errors';
import { roleNotServed } from '../../domain/profiles/phone-sign-in';
import type { AppEnv } from '../../env';
import { requireAuth } from '../../http/auth';

function requireRole(roles: readonly Role[], error: () => AppError) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (!roles.includes(c.var.principal.role)) throw error();
    await next();
  });
}

/** /api/student/*: learners only (an instructor's token gets 403). */
export const learnerRoute = [requireAuth(), requireRole(['student'], () => new AppError('forbidden', 'LEARNER_ONLY', 'Learners only'))];

/** /api/teacher/*: instructors only (a learner's token gets 403). */
export const instructorRoute = [requireAuth(), requireRole(['teacher'], () => new AppError('forbidden', 'INSTRUCTOR_ONLY', 'Instructors only'))];

/** /api/user/*: the personal center's two roles; administrators' tokens from other APIs get 403. */
export const memberRoute = [requireAuth(), requireRole(['student', 'teacher'], roleNotServed)];
