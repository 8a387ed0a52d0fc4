import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppError, ErrorKind } from '../../domain/errors';
import { validationSummary } from '../../http/router';
import { say } from '../../http/words';
import { ERROR_WORDS, fieldView, formErrorMessage } from './words';

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

/** Each kind's status, wire code and the text of an error whose code this API has no words for. */
const BY_KIND: Record<ErrorKind, [ContentfulStatusCode, LearningCode, string]> = {
  validation: [400, 'VALIDATION_ERROR', 'Validation failed'],
  unauthenticated: [401, 'UNAUTHORIZED', 'Not authenticated'],
  token_expired: [401, 'INVALID_TOKEN', 'Token has expired'],
  token_invalid: [401, 'INVALID_TOKEN', 'Token is invalid'],
  forbidden: [403, 'FORBIDDEN', 'Forbidden'],
  not_found: [404, 'NOT_FOUND', 'Not found'],
  conflict: [400, 'VALIDATION_ERROR', 'Conflicts with existing data'],
  gone: [404, 'NOT_FOUND', 'Not found'],
  too_large: [413, 'FILE_TOO_LARGE', 'Request body is too large'],
  unsupported_media: [415, 'UNSUPPORTED_FILE_TYPE', 'Unsupported media type'],
  rate_limited: [429, 'RATE_LIMIT_EXCEEDED', 'Too many requests; try again later'],
  unavailable: [503, 'INTERNAL_ERROR', 'Service temporarily unavailable; try again shortly'],
  method_not_allowed: [405, 'METHOD_NOT_ALLOWED', 'Method not allowed'],
  internal: [500, 'INTERNAL_ERROR', 'Internal server error'],
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

/**
 * The error's text: this API's words for its code (words.ts), a schema failure's summary of its
 * fields, or its kind's default: never the domain's developer message.
 */
function message(error: AppError): string {
  if (error.code === 'REQUEST_INVALID' && error.details.fields?.length) return validationSummary(error.details.fields);
  return say(ERROR_WORDS, error.code, error.params) ?? BY_KIND[error.kind][2];
}

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
    return { status: 422, body: { error: { code: 'VALIDATION_ERROR', message: form ?? message(error), details: { errors } } } };
  }
  const code = isLearningCode(error.code) ? error.code : kindCode;
  const status = STATUS_BY_CODE[code] ?? kindStatus;
  const details: Record<string, unknown> = {};
  if (error.details.fields) details.errors = error.details.fields.map(fieldView);
  return { status, body: { error: { code, message: message(error), details } } };
}
