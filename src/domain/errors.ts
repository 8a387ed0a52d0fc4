/**
 * The one error type. Domain code throws it with a kind (what went wrong, which decides the status
 * in every API), a stable code (EMAIL_ALREADY_EXISTS, ...) and the parameters of the case (a row
 * number, a field, a count); each API's envelope.ts maps them to that API's status, body and words.
 * The message is English developer text, for logs: no API shows it (docs/architecture.md, "Words").
 */
export const ERROR_KINDS = [
  'validation',
  'unauthenticated',
  'token_expired',
  'token_invalid',
  'forbidden',
  'not_found',
  'conflict',
  'gone',
  'too_large',
  'unsupported_media',
  'rate_limited',
  'unavailable',
  'method_not_allowed',
  'internal',
] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** The values an API builds its words from: a row number, a count, a limit, a name the client sent. */
export type Params = Readonly<Record<string, string | number | readonly string[]>>;

/**
 * One field's problem. From a request schema (zod), `message` is the API's own words, written in its
 * schema file. From the domain, `code` (and `params`) say what is wrong, the API words it, and
 * `message` is English developer text.
 */
export interface FieldIssue {
  field: string;
  message: string;
  code?: string;
  params?: Params;
}

export interface ErrorDetails {
  fields?: FieldIssue[];
  params?: Params;
  retryAfterSeconds?: number;
  allow?: string[];
}

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    readonly code: string,
    message: string,
    readonly details: ErrorDetails = {},
  ) {
    super(message);
    this.name = 'AppError';
  }

  /** The case's parameters (empty when it has none). */
  get params(): Params {
    return this.details.params ?? {};
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** A domain field issue: what is wrong with the field as a code, for the API to word. */
export const fieldIssue = (field: string, code: string, message: string, params?: Params): FieldIssue =>
  params ? { field, code, message, params } : { field, code, message };
