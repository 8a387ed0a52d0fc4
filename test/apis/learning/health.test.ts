import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { call, uniqueEmail } from '../../helpers/http';
import { PRODUCTION } from '../../helpers/production';
import { accountRowByEmail, expectError, expectNoStackTrace, fetchWithEnv, rejectingD1, throwingD1 } from './support';

describe('GET /health', () => {
  it('answers 200 with exactly status, version and environment', async () => {
    const res = await call('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toMatch(/^application\/json/);
    expect(res.body).toEqual({ status: 'healthy', version: '1.0.0', environment: 'development' });
  });

  it('reports the ENVIRONMENT var it runs with', async () => {
    // Production with everything it requires (with less it answers 503: test/limits/production.test.ts).
    const res = await fetchWithEnv(PRODUCTION, 'GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'healthy', version: '1.0.0', environment: 'production' });
  });

  it('does not depend on the database', async () => {
    const res = await fetchWithEnv({ DB: throwingD1() }, 'GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('healthy');
  });
});

describe('GET /api/v1/health/db', () => {
  it('answers 200 {status: healthy, database: connected} when D1 answers', async () => {
    const res = await call('GET', '/api/v1/health/db');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'healthy', database: 'connected' });
  });

  it('answers 503 DATABASE_ERROR when every D1 call throws', async () => {
    const res = await fetchWithEnv({ DB: throwingD1() }, 'GET', '/api/v1/health/db');
    expectError(res, 503, 'DATABASE_ERROR');
    expect(res.text).not.toContain('secret-internal-detail');
    expect(res.text).not.toContain('D1_ERROR');
    expectNoStackTrace(res.text);
    expect(res.headers.get('X-Request-Id')).toBeTruthy();
  });

  it('answers 503 DATABASE_ERROR when D1 queries reject', async () => {
    const res = await fetchWithEnv({ DB: rejectingD1() }, 'GET', '/api/v1/health/db');
    expectError(res, 503, 'DATABASE_ERROR');
    expect(res.text).not.toContain('secret-internal-detail');
    expectNoStackTrace(res.text);
  });

  it('recovers once the database is back (the failure is not cached)', async () => {
    expect((await fetchWithEnv({ DB: throwingD1() }, 'GET', '/api/v1/health/db')).status).toBe(503);
    const res = await fetchWithEnv({}, 'GET', '/api/v1/health/db');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'healthy', database: 'connected' });
  });
});

describe('database outage on other routes', () => {
  it('register and login answer in the envelope, never as an HTML 500 or a stack trace', async () => {
    for (const [path, json] of [
      ['/api/v1/auth/register', { email: uniqueEmail('dbdown'), name: 'Down', password: 'password-123' }],
      ['/api/v1/auth/login', { email: uniqueEmail('dbdown'), password: 'password-123' }],
    ] as const) {
      const res = await fetchWithEnv({ DB: rejectingD1() }, 'POST', path, { json });
      expect(res.status, path).toBeGreaterThanOrEqual(500);
      expectError(res, res.status);
      expect(res.text).not.toContain('secret-internal-detail');
      expectNoStackTrace(res.text);
    }
  });
});

describe('a JWT_SECRET shorter than 32 bytes', () => {
  const SHORT = 'x'.repeat(31);

  it('makes /health and /api/v1/health/db answer 503 in the envelope', async () => {
    for (const path of ['/health', '/api/v1/health/db']) {
      const res = await fetchWithEnv({ JWT_SECRET: SHORT }, 'GET', path);
      expectError(res, 503);
      expect(res.text).not.toContain(SHORT);
      expect(res.headers.get('X-Request-Id')).toBeTruthy();
    }
  });

  it('keeps CORS headers on that 503 so a browser can read it', async () => {
    const res = await fetchWithEnv({ JWT_SECRET: SHORT }, 'GET', '/health', { headers: { Origin: 'http://localhost:5173' } });
    expect(res.status).toBe(503);
    expect(res.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:5173');
  });

  it('makes a missing JWT_SECRET answer 503 too', async () => {
    const res = await fetchWithEnv({ JWT_SECRET: undefined }, 'GET', '/health');
    expectError(res, 503);
  });

  it('counts bytes, not characters: 11 three-byte characters (33 bytes) are enough', async () => {
    const res = await fetchWithEnv({ JWT_SECRET: '密'.repeat(11) }, 'GET', '/health');
    expect(res.status).toBe(200);
  });

  it('accepts a secret of exactly 32 bytes', async () => {
    const res = await fetchWithEnv({ JWT_SECRET: 'y'.repeat(32) }, 'GET', '/health');
    expect(res.status).toBe(200);
  });

  it('never creates an account or signs a token', async () => {
    const email = uniqueEmail('shortsecret');
    const reg = await fetchWithEnv({ JWT_SECRET: SHORT }, 'POST', '/api/v1/auth/register', {
      json: { email, name: 'Short', password: 'password-123' },
    });
    expectError(reg, 503);
    expect(await accountRowByEmail(email)).toHaveLength(0);

    // An account that exists (registered with the real secret) still cannot sign in.
    const ok = await call('POST', '/api/v1/auth/register', { json: { email, name: 'Short', password: 'password-123' } });
    expect(ok.status).toBe(201);
    const login = await fetchWithEnv({ JWT_SECRET: SHORT }, 'POST', '/api/v1/auth/login', { json: { email, password: 'password-123' } });
    expectError(login, 503);
    expect(login.text).not.toMatch(/eyJ/);
    expect(login.body.access_token).toBeUndefined();
    const [row] = await accountRowByEmail(email);
    expect(row!.lastLoginAt).toBeNull();
  });

  it('the real test secret is itself at least 32 bytes', () => {
    expect(new TextEncoder().encode(env.JWT_SECRET ?? '').byteLength).toBeGreaterThanOrEqual(32);
  });
});
