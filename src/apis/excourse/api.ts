import { defineApi } from '../../http/define-api';
import { excourseAnswer } from './envelope';
import { BadRequest, Detail } from './schemas';

/** The excourse document (002): Django REST framework's conventions, paths ending in a slash. */
export const excourse = defineApi({
  name: 'excourse',
  title: 'Excourse teachers API',
  description: 'excourse_v1: teacher registration with SMS codes, sign-in and profiles (document 002). Django REST framework conventions.',
  owns: (path) => ['/vertifications', '/users'].some((prefix) => path === prefix || path.startsWith(`${prefix}/`)),
  slashedPaths: true,
  /** The original backend was djangorestframework-jwt (`JWT <token>`); Bearer is accepted as well. */
  authSchemes: ['Bearer', 'JWT'],
  errors: {
    schema: (status) => (status === 400 ? BadRequest : Detail),
    descriptions: {
      400: 'Validation failed: `{ "<field>": ["message"] }` or `{ "non_field_errors": [...] }`; a body that is not JSON: `{ "detail": "JSON 解析错误 - ..." }`',
      401: 'Not signed in, or the token is malformed, expired or revoked',
      403: 'Not allowed for this user',
      404: 'No such user',
      413: 'Request body too large',
      415: 'The body is not JSON',
      429: '`{ "detail": "请求超过了限速。…" }`: too many requests (codes, sign-ins, registrations) or too many failed sign-ins; Retry-After gives the seconds to wait',
      500: 'Internal error',
      503: 'The database or token store is unavailable (Retry-After), or the SMS provider is unavailable or misconfigured',
    },
  },
  envelope: excourseAnswer,
});
