import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppError, ErrorKind } from '../../domain/errors';
import { fieldView, formErrorMessage } from './words';

/** The learning API's error codes, as its document lists them. */
export const LEARNING_ERROR_CODES = [
  'EMAIL_ALREADY_EXISTS',
  'INVALID_TYPE',
  'VALIDATION_ERROR',
  'ALREADY_DELETED',
  'INVALID_STATUS',
  'UNAUTHORIZED',
  'INVALID_TOKEN',
  'USER_NOT_FOUND',
  'FORBIDDEN',
  'INACTIVE_USER',
  'NOT_FOUND',
  'JOB_NOT_FOUND',
  'FILE_TOO_LARGE',
  'UNSUPPORTED_FILE_TYPE',
  'METHOD_NOT_ALLOWED',
  'RATE_LIMIT_EXCEEDED',
  'INTERNAL_ERROR',
  'UPLOAD_FAILED',
  'CLEANUP_FAILED',
  'DATABASE_ERROR',
] as const;
type LearningCode = (typeof LEARNING_ERROR_CODES)[number];

const BY_KIND: Record<ErrorKind, [ContentfulStatusCode, LearningCode]> = {
  validation: [400, 'VALIDATION_ERROR'],
  unauthenticated: [401, 'UNAUTHORIZED'],
  token_expired: [401, 'INVALID_TOKEN'],
  token_invalid: [401, 'INVALID_TOKEN'],
  forbidden: [403, 'FORBIDDEN'],
  not_found: [404, 'NOT_FOUND'],
  conflict: [400, 'VALIDATION_ERROR'],
  gone: [404, 'NOT_FOUND'],
  too_large: [413, 'FILE_TOO_LARGE'],
  unsupported_media: [415, 'UNSUPPORTED_FILE_TYPE'],
  rate_limited: [429, 'RATE_LIMIT_EXCEEDED'],
  unavailable: [503, 'INTERNAL_ERROR'],
  method_not_allowed: [405, 'METHOD_NOT_ALLOWED'],
  internal: [500, 'INTERNAL_ERROR'],
};

/** Documented codes whose status differs from their kind's default. */
const STATUS_BY_CODE: Partial<Record<LearningCode, ContentfulStatusCode>> = {
  USER_NOT_FOUND: 401,
  INACTIVE_USER: 403,
  UPLOAD_FAILED: 500,
  CLEANUP_FAILED: 500,
  DATABASE_ERROR: 503,
};

const isLearningCode = (code: string): code is LearningCode => (LEARNING_ERROR_CODES as readonly string[]).includes(code);

/** Maps an AppError to `{ error: { code, message, details } }` with the document's status. */
export function learningError(error: AppError): {
  status: ContentfulStatusCode;
  body: { error: { code: string; message: string; details: Record<string, unknown> } };
} {
  const [kindStatus, kindCode] = BY_KIND[error.kind];
  // Schema failures (zod, malformed JSON, a non-JSON body, a malformed upload form) are FastAPI's 422;
  // rule failures in the domain are 400.
  const form = formErrorMessage(error);
  if (form !== undefined || error.code === 'REQUEST_INVALID' || error.code === 'UNSUPPORTED_MEDIA_TYPE') {
    const errors = (error.details.fields ?? []).map(fieldView);
    return { status: 422, body: { error: { code: 'VALIDATION_ERROR', message: form ?? error.message, details: { errors } } } };
  }
  const code = isLearningCode(error.code) ? error.code : kindCode;
  const status = STATUS_BY_CODE[code] ?? kindStatus;
  const details: Record<string, unknown> = {};
  if (error.details.fields) details.errors = error.details.fields.map(fieldView);
  return { status, body: { error: { code, message: error.message, details } } };
}
