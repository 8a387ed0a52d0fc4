import { defineApi } from '../../http/define-api';
import { campusError } from './envelope';
import { ErrorBody } from './schemas';
import { typeErrorsAlone } from './validation';

/** The campus document (004): Laravel's conventions, `{ code, msg, message, data }`. */
export const campus = defineApi({
  name: 'campus',
  title: 'Campus API',
  description: 'Campus: teachers, their schools (reviewed by administrators) and students (document 004). Laravel conventions.',
  owns: (path) => path === '/v1' || path.startsWith('/v1/'),
  errors: {
    schema: ErrorBody,
    descriptions: {
      400: 'code 510: a business rule refused the request (see msg)',
      401: 'code 401: not signed in, wrong credentials, or the token is invalid, expired or revoked',
      403: 'code 403: no permission',
      404: 'code 404: no such route',
      410: 'code 410: no such record',
      413: 'code 413: request body too large',
      422: 'code 422: validation failed; `data` maps each field to its messages',
      429: 'code 429: too many requests, or too many failed sign-ins; Retry-After gives the seconds to wait',
      500: 'code 500: internal error',
      503: 'code 503: the database or token store is unavailable (Retry-After), or the service is misconfigured',
    },
  },
  envelope: campusError,
  // Laravel stops at a wrong type (validation.ts); the envelope keeps the text Chinese.
  issues: typeErrorsAlone,
});
