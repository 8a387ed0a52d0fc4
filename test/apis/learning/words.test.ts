import { describe, expect, it } from 'vitest';
import { learningError } from '../../../src/apis/learning/envelope';
import { AppError, type ErrorKind, type Params, ERROR_KINDS } from '../../../src/domain/errors';

/**
 * Issue 17: the domain's message is developer text for logs; the learning API words every code itself
 * (src/apis/learning/words.ts). So rewording a domain message never changes what a client reads.
 */
const SENTINEL = 'domain developer text 7f3a';

const CASES: [ErrorKind, string, Params?][] = [
  ['validation', 'REQUEST_INVALID', { detail: 'Malformed JSON in request body' }],
  ['validation', 'REQUEST_INVALID', { form: 'multipart' }],
  ['validation', 'INVALID_STATUS', { rule: 'session_open', status: 'completed' }],
  ['validation', 'VALIDATION_ERROR', { rule: 'parts_missing', missing: ['2', '3'] }],
  ['validation', 'ALREADY_DELETED'],
  ['unauthenticated', 'UNAUTHORIZED', { missing: 'token' }],
  ['unauthenticated', 'INVALID_CREDENTIALS'],
  ['token_invalid', 'TOKEN_INVALID', { reason: 'wrong_type', expected: 'refresh' }],
  ['token_invalid', 'TOKEN_REVOKED', { reason: 'reused' }],
  ['forbidden', 'FORBIDDEN', { rule: 'sysadmins' }],
  ['not_found', 'NOT_FOUND', { what: 'upload_session' }],
  ['not_found', 'JOB_NOT_FOUND', { job: 'nightly' }],
  ['conflict', 'EMAIL_ALREADY_EXISTS'],
  ['too_large', 'FILE_TOO_LARGE', { type: 'pdf', mb: 50 }],
  ['unsupported_media', 'UNSUPPORTED_FILE_TYPE', { what: 'thumbnail' }],
  ['rate_limited', 'LOGIN_LOCKED'],
  ['unavailable', 'DATABASE_ERROR'],
  ['internal', 'UPLOAD_FAILED', { reason: 'part_not_stored', part: 4 }],
  ['method_not_allowed', 'METHOD_NOT_ALLOWED', { method: 'PUT', path: '/api/v1/materials' }],
];

const KINDS = ERROR_KINDS;

const wire = (kind: ErrorKind, code: string, message: string, params?: Params) =>
  learningError(new AppError(kind, code, message, params ? { params } : {})).body.error;

describe('learning error words', () => {
  it.each(CASES)('%s %s: the wire text is the API’s, whatever the domain message says', (kind, code, params) => {
    const one = wire(kind, code, SENTINEL, params);
    expect(JSON.stringify(one)).not.toContain(SENTINEL);
    expect(one).toEqual(wire(kind, code, 'another developer message', params));
  });

  it.each(KINDS)('a %s error with a code the API has no words for reads the kind’s text', (kind) => {
    const body = wire(kind, 'SOME_NEW_DOMAIN_CODE', SENTINEL);
    expect(body.message).not.toContain(SENTINEL);
    expect(body.message).not.toBe('');
  });

  it('words a code from its parameters', () => {
    expect(wire('validation', 'VALIDATION_ERROR', SENTINEL, { rule: 'part_size', part: 2, expected: 5, sent: 3 }).message).toBe(
      'Part 2 must be exactly 5 bytes (Content-Length 3)',
    );
    expect(wire('forbidden', 'FORBIDDEN', SENTINEL, { rule: 'uploader' }).message).toBe('You can only delete materials you uploaded');
  });
});
