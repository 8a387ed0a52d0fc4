/**
 * The one error type. Domain code throws it with a kind (what went wrong, which decides the status
 * in every API) and a stable code (EMAIL_ALREADY_EXISTS, ...); each API's envelope.ts maps both.
 */
export type ErrorKind =
  | 'validation'
  | 'unauthenticated'
  | 'token_expired'
  | 'token_invalid'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'too_large'
  | 'unsupported_media'
  | 'rate_limited'
  | 'unavailable'
  | 'method_not_allowed'
  | 'internal';

export interface FieldIssue {
  field: string;
  message: string;
}

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details: { fields?: FieldIssue[]; retryAfterSeconds?: number; allow?: string[] } = {},
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
