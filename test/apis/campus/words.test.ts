import { describe, expect, it } from 'vitest';
import { campusError } from '../../../src/apis/campus/envelope';
import { AppError, type ErrorKind, type Params, ERROR_KINDS } from '../../../src/domain/errors';

/**
 * Issue 17: the domain's message is developer text for logs; campus words every error itself
 * (src/apis/campus/words.ts), by code or else by kind. So no domain message ever reaches a client.
 */
const SENTINEL = 'domain developer text 7f3a';

const CASES: [ErrorKind, string, Params?][] = [
  ['unauthenticated', 'WRONG_IDENTITY', { chosen: 'teacher', canSwitch: 'yes' }],
  ['unauthenticated', 'INVALID_CREDENTIALS'],
  ['token_invalid', 'TOKEN_INVALID', { reason: 'malformed_header' }],
  ['forbidden', 'FORBIDDEN', { rule: 'admins' }],
  ['not_found', 'SCHOOL_NOT_FOUND'],
  ['conflict', 'SCHOOL_HAS_MEMBERS', { students: 2, teachers: 1 }],
  ['conflict', 'EMAIL_ALREADY_EXISTS'],
  ['rate_limited', 'LOGIN_LOCKED'],
];

const KINDS = ERROR_KINDS;

const wire = (kind: ErrorKind, code: string, message: string, params?: Params) =>
  campusError(new AppError(kind, code, message, params ? { params } : {})).body;

describe('campus error words', () => {
  it.each(CASES)('%s %s: the wire text is the API’s, whatever the domain message says', (kind, code, params) => {
    const one = wire(kind, code, SENTINEL, params);
    expect(JSON.stringify(one)).not.toContain(SENTINEL);
    expect(one).toEqual(wire(kind, code, 'another developer message', params));
  });

  it.each(KINDS)('a %s error with a code the API has no words for reads the kind’s text, in Chinese', (kind) => {
    const body = wire(kind, 'SOME_NEW_DOMAIN_CODE', SENTINEL);
    expect(body.msg).not.toContain(SENTINEL);
    expect(body.msg).toMatch(/[\u3400-\u9fff]/);
  });
});
