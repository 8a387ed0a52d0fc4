import { defineApi } from '../../http/define-api';
import { learningError } from './envelope';
import { ErrorBody } from './schemas';

/** The learning document (003): FastAPI's conventions, `{ error: { code, message, details } }`. */
export const learning = defineApi({
  name: 'learning',
  title: 'Learning materials API',
  description: 'AI Learning Platform: accounts, materials, uploads and administration (document 003).',
  owns: (path) =>
    path === '/health' || path === '/api/v1' || path.startsWith('/api/v1/') || path === '/materials' || path.startsWith('/materials/'),
  errors: {
    schema: ErrorBody,
    descriptions: {
      400: 'Rejected by a rule (EMAIL_ALREADY_EXISTS, VALIDATION_ERROR, ...)',
      401: 'UNAUTHORIZED, INVALID_TOKEN or USER_NOT_FOUND',
      403: 'FORBIDDEN or INACTIVE_USER',
      404: 'NOT_FOUND',
      413: 'Request body too large',
      422: 'VALIDATION_ERROR: the request does not match the schema',
      429: 'RATE_LIMIT_EXCEEDED: too many requests, or too many failed sign-ins; Retry-After gives the seconds to wait',
      500: 'INTERNAL_ERROR',
      503: 'DATABASE_ERROR: the database is unavailable (Retry-After); INTERNAL_ERROR: the token store is unavailable (Retry-After) or the service is misconfigured',
    },
  },
  envelope: learningError,
});
