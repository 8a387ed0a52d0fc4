import { defineApi } from '../../http/define-api';
import { personalCenterError } from './envelope';
import { ErrorBody } from './schemas';

/** Exact segment prefixes: `/api/user/...` is ours, `/api/users...` belongs to the progress API. */
const PREFIXES = ['/api/health', '/api/auth', '/api/user', '/api/student', '/api/teacher', '/api/categories', '/api/courses'];

/** The personal center document (000): `{ status, message?, data }`, learners and instructors. */
export const personalCenter = defineApi({
  name: 'personal-center',
  title: 'Personal center API',
  description:
    'iCoursera personal center (document 000): phone sign-in, profiles and avatars, the course catalog, learners (enrollment, progress, favorites, ratings, stats, achievements, study teams and rooms) and instructors (courses, covers, materials, learners).',
  owns: (path) => PREFIXES.some((p) => path === p || path.startsWith(`${p}/`)),
  errors: {
    schema: ErrorBody,
    descriptions: {
      400: 'The request does not match the schema',
      401: 'No token, or an invalid, expired or revoked one; wrong phone or password',
      403: 'Wrong role for this route, someone else’s resource, or a disabled account',
      404: 'No such course, team, room, material or file',
      409: 'Already taken (phone, e-mail), full (team, room), or changed concurrently (avatar, cover)',
      413: 'Body or file too large',
      415: 'Wrong Content-Type or file type',
      422: 'Well-formed, but a rule rejects it (unknown category, material not ready)',
      429: 'Too many requests, or too many failed sign-ins (Retry-After gives the seconds to wait)',
      500: 'Internal error',
      503: 'Service unavailable: the database or token store is down (Retry-After), or the service is misconfigured',
    },
  },
  envelope: personalCenterError,
});
