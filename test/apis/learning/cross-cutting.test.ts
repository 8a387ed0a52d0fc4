import { describe, expect, it } from 'vitest';
import { call, signedInLearner, uniqueEmail } from '../../helpers/http';
import { expectError, expectNoStackTrace, fetchWithEnv, rejectingD1 } from './support';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

describe('X-Request-Id', () => {
  it('is on every response: success, client errors, not found, too large', async () => {
    const s = await signedInLearner();
    const responses = [
      await call('GET', '/health'),
      await call('GET', '/api/v1/health/db'),
      await call('GET', '/api/v1/auth/me', { token: s.access_token }),
      await call('GET', '/api/v1/auth/me'),
      await call('POST', '/api/v1/auth/register', { json: {} }),
      await call('POST', '/api/v1/auth/register', { body: 'x', headers: { 'Content-Type': 'text/plain' } }),
      await call('POST', '/api/v1/auth/login', { json: { email: uniqueEmail(), password: 'wrong-password' } }),
      await call('GET', '/api/v1/whatever'),
      await call('GET', '/nowhere'),
      await call('POST', '/api/v1/auth/register', { json: { name: 'x'.repeat(1024 * 1024 + 1) } }),
    ];
    for (const res of responses) expect(res.headers.get('X-Request-Id'), `${res.status} ${res.text.slice(0, 80)}`).toBeTruthy();
  });

  it('is on 500/503 responses too', async () => {
    const res = await fetchWithEnv({ DB: rejectingD1() }, 'GET', '/api/v1/health/db');
    expect(res.status).toBe(503);
    expect(res.headers.get('X-Request-Id')).toBeTruthy();
    const short = await fetchWithEnv({ JWT_SECRET: 'short' }, 'GET', '/health');
    expect(short.status).toBe(503);
    expect(short.headers.get('X-Request-Id')).toBeTruthy();
  });

  it('differs between requests', async () => {
    const a = await call('GET', '/health');
    const b = await call('GET', '/health');
    expect(a.headers.get('X-Request-Id')).toMatch(UUID);
    expect(a.headers.get('X-Request-Id')).not.toBe(b.headers.get('X-Request-Id'));
  });

  it('echoes a well-formed incoming X-Request-Id', async () => {
    const res = await call('GET', '/health', { headers: { 'X-Request-Id': 'client-req-42' } });
    expect(res.headers.get('X-Request-Id')).toBe('client-req-42');
  });

  it('is exposed to browsers through CORS', async () => {
    const res = await call('GET', '/health', { headers: { Origin: 'http://localhost:5173' } });
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:5173');
    expect(res.headers.get('Access-Control-Expose-Headers') ?? '').toMatch(/X-Request-Id/i);
  });
});

describe('unknown paths', () => {
  it('an unknown /api/v1 path answers 404 NOT_FOUND in the learning envelope', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/whatever'],
      ['POST', '/api/v1/whatever'],
      ['GET', '/api/v1/auth/nope'],
      ['GET', '/api/v1'],
      ['GET', '/api/v1/'],
    ] as const) {
      const res = await call(method, path);
      expectError(res, 404, 'NOT_FOUND');
      expectNoStackTrace(res.text);
    }
  });

  it('a known path with the wrong method answers 405 with Allow, in the learning envelope', async () => {
    for (const [method, path, allow] of [
      ['DELETE', '/api/v1/auth/me', 'GET, HEAD'],
      ['POST', '/api/v1/auth/me', 'GET, HEAD'],
      ['GET', '/api/v1/auth/login', 'POST'],
      ['PUT', '/api/v1/auth/refresh', 'POST'],
      ['GET', '/api/v1/auth/logout', 'POST'],
      ['POST', '/api/v1/health/db', 'GET, HEAD'],
    ] as const) {
      const res = await call(method, path);
      expectError(res, 405, 'METHOD_NOT_ALLOWED');
      expect(res.headers.get('Allow'), `${method} ${path}`).toBe(allow);
    }
  });

  it('an unknown top-level path answers 404 in JSON, not HTML', async () => {
    const res = await call('GET', '/definitely/not/here');
    expectError(res, 404, 'NOT_FOUND');
    expect(res.text).not.toMatch(/<html/i);
  });
});

describe('no stack traces in errors', () => {
  it('none of the error responses of the auth routes carry stack frames or source paths', async () => {
    const s = await signedInLearner();
    const responses = [
      await call('POST', '/api/v1/auth/register', { body: '{"email":', headers: { 'Content-Type': 'application/json' } }),
      await call('POST', '/api/v1/auth/register', { json: { email: 5, name: null, password: [] } }),
      await call('POST', '/api/v1/auth/register', { json: { email: s.email, name: 'Dup', password: 'password-123' } }),
      await call('POST', '/api/v1/auth/login', { json: { email: s.email, password: 'nope-nope' } }),
      await call('GET', '/api/v1/auth/me', { token: 'garbage' }),
      await call('GET', '/api/v1/auth/me', { token: s.refresh_token }),
      await call('POST', '/api/v1/auth/refresh', { json: { refresh_token: 'x.y.z' } }),
      await call('POST', '/api/v1/auth/logout'),
      await fetchWithEnv({ DB: rejectingD1() }, 'POST', '/api/v1/auth/register', {
        json: { email: uniqueEmail(), name: 'N', password: 'password-123' },
      }),
      await fetchWithEnv({ DB: rejectingD1() }, 'GET', '/api/v1/auth/me', { token: s.access_token }),
    ];
    for (const res of responses) {
      expect(res.status).toBeGreaterThanOrEqual(400);
      expectError(res, res.status);
      expectNoStackTrace(res.text);
      expect(res.text).not.toMatch(/Error: |D1_ERROR|SQLITE|node_modules/);
    }
  });

  it('every error code is one the document lists (plus the 415 and 413 codes it uses)', async () => {
    const documented = new Set([
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
      'RATE_LIMIT_EXCEEDED',
      'INTERNAL_ERROR',
      'UPLOAD_FAILED',
      'CLEANUP_FAILED',
      'DATABASE_ERROR',
    ]);
    const responses = [
      await call('POST', '/api/v1/auth/register', { json: {} }),
      await call('POST', '/api/v1/auth/register', { body: '{}', headers: { 'Content-Type': 'text/plain' } }),
      await call('POST', '/api/v1/auth/register', { json: { name: 'x'.repeat(1024 * 1024 + 1) } }),
      await call('GET', '/api/v1/auth/me'),
      await call('GET', '/api/v1/auth/me', { token: 'garbage' }),
      await call('GET', '/api/v1/nope'),
      await fetchWithEnv({ DB: rejectingD1() }, 'GET', '/api/v1/health/db'),
      await fetchWithEnv({ JWT_SECRET: 'short' }, 'GET', '/health'),
    ];
    for (const res of responses) expect(documented, `${res.status} ${res.text}`).toContain(res.body.error.code);
  });
});
