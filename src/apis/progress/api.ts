import { defineApi } from '../../http/define-api';
import { progressError } from './envelope';
import { PERMISSIONS_MARKDOWN } from './permissions';
import { ErrorBody } from './schemas';
import { progressIssues } from './validation';

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`);

/** The progress document (001): Spring's conventions, `{ code, message, data }` with code 10000 on success. */
export const progress = defineApi({
  name: 'progress',
  title: 'Course-production progress API',
  description: `进度管理系统: users, departments, lesson tasks and spreadsheet import (document 001). Envelope \`{ code, message, data }\`, code 10000 on success; times are 10-digit seconds.\n\n${PERMISSIONS_MARKDOWN}`,
  owns: (path) =>
    under(path, '/api/users') || under(path, '/api/lesson-tasks') || under(path, '/api/import') || under(path, '/api/departments'),
  errors: {
    schema: ErrorBody,
    descriptions: {
      400: '10001 bad parameter (schema, rule, or file content); 10002 not a teacher; 10012 import failed (no row imported; the row errors are in the message)',
      401: '10006 no token; 10007 token expired; 10008 token invalid or revoked; at sign-in 10003 unknown e-mail, 10004 wrong password',
      403: '10006 the caller’s role may not do this (see the permission matrix in the description), or the account is disabled',
      404: '10003 no such user; 10001 no such task, department or route',
      409: '10005 e-mail already registered; 10013 department name already exists',
      413: '10001 file over 5 MB, inflating past 30 MB, too many rows, or a JSON body over 1 MB',
      415: '10001 the body is not application/json',
      429: '10001 too many requests, or too many failed sign-ins; Retry-After gives the seconds to wait',
      500: '10009 system error',
      503: '10009 system error: the database or token store is unavailable (Retry-After), or the service is misconfigured',
    },
  },
  envelope: progressError,
  // Every route of this API, including ones added later, answers validation failures in Chinese.
  issues: progressIssues,
});
