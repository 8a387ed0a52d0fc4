import { HTTPException } from 'hono/http-exception';
import { AppError, isAppError } from '../domain/errors';
import { d1Failure } from '../platform/d1-errors';
import type { Logger } from '../platform/logger';
import { RateLimited } from '../platform/rate-limit';
import { StorageFailure } from '../platform/storage';
import { TokenStoreUnavailable } from '../platform/token-store';

/** How long a client should wait before retrying after a D1, KV or R2 outage (D1 itself retries reads twice). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/**
 * Normalises anything thrown while serving a request into an AppError. Hono's own exceptions
 * (malformed JSON, body limits) keep their meaning; a D1 outage (src/platform/d1-errors.ts) is a 503
 * DATABASE_ERROR with Retry-After; anything else, a D1 bug included, is logged and reported as an
 * internal error without its message, so no stack trace or internal detail reaches a client.
 */
export function toAppError(err: unknown, log: Logger): AppError {
  if (isAppError(err)) return err;
  if (err instanceof HTTPException) {
    if (err.status === 400)
      return new AppError(
        'validation',
        'REQUEST_INVALID',
        err.message || 'Malformed request',
        err.message ? { params: { detail: err.message } } : {},
      );
    if (err.status === 413) return new AppError('too_large', 'PAYLOAD_TOO_LARGE', 'Request body is too large');
    if (err.status === 415)
      return new AppError('unsupported_media', 'UNSUPPORTED_MEDIA_TYPE', 'Unsupported Content-Type: this operation takes application/json');
    if (err.status === 401) return new AppError('unauthenticated', 'UNAUTHORIZED', 'Not authenticated');
    if (err.status === 404) return new AppError('not_found', 'NOT_FOUND', 'Not found');
  }
  if (err instanceof RateLimited) return new AppError(err.kind, err.code, err.message, err.details);
  if (err instanceof TokenStoreUnavailable) {
    // 503, not 401: the token may well be valid, and a 401 makes clients throw their session away.
    log.warn('token store unavailable', { error: err.message });
    return new AppError(
      'unavailable',
      'TOKEN_STORE_UNAVAILABLE',
      'Sign-in state cannot be checked or changed right now; try again shortly',
      {
        retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
      },
    );
  }
  if (err instanceof StorageFailure) {
    log.warn('file storage unavailable', { error: err.message });
    return new AppError('unavailable', 'STORAGE_UNAVAILABLE', 'File storage is temporarily unavailable; try again shortly', {
      retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
    });
  }
  const d1 = d1Failure(err);
  if (d1) {
    // Never the drizzle message: it lists the bound values (e-mails, password hashes).
    const fields = { error: d1.detail, query: d1.query?.slice(0, 500) };
    if (d1.outage) {
      log.warn('database unavailable', fields);
      return new AppError('unavailable', 'DATABASE_ERROR', 'The database is temporarily unavailable; try again shortly', {
        retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS,
      });
    }
    log.error('database error (a bug: not an outage)', fields);
    return new AppError('internal', 'INTERNAL_ERROR', 'Internal server error');
  }
  const e = err instanceof Error ? err : new Error(String(err));
  log.error('unhandled error', { error: e.name, message: e.message, stack: e.stack?.split('\n').slice(0, 6).join(' | ') });
  return new AppError('internal', 'INTERNAL_ERROR', 'Internal server error');
}
