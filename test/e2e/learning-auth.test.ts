// The learning API's health and auth flow over real HTTP against `npm start` (wrangler dev).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { jsonClient } from './json-client';

const baseUrl = inject('baseUrl');
const ROOT = join(import.meta.dirname, '..', '..');

/** A value from a dotenv-style file (`KEY="value"` or `KEY=value`). */
function dotenvValue(file: string, key: string): string {
  const match = new RegExp(`^${key}\\s*=\\s*"?([^"\\n]*)"?\\s*$`, 'm').exec(readFileSync(join(ROOT, file), 'utf8'));
  if (!match) throw new Error(`${key} not found in ${file}`);
  return match[1]!;
}

/** The origins wrangler.toml allows for CORS. */
function allowedOrigins(): string[] {
  const match = /^ALLOWED_ORIGINS\s*=\s*"([^"]*)"/m.exec(readFileSync(join(ROOT, 'wrangler.toml'), 'utf8'));
  if (!match) throw new Error('ALLOWED_ORIGINS not found in wrangler.toml');
  return match[1]!
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
}

const { send } = jsonClient(baseUrl);

const envelope = (code: string) => ({ error: { code, message: expect.any(String), details: expect.any(Object) } });
const USER_FIELDS = ['avatar_url', 'created_at', 'email', 'id', 'is_active', 'name'];
const NAIVE_ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;

const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
const email = `e2e.learner.${suffix}@example.com`;
const password = 'correct-horse-battery';
const name = 'E2E Learner';

async function login(): Promise<any> {
  const res = await send('POST', '/api/v1/auth/login', { json: { email, password } });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

describe('health', () => {
  it('GET /health reports the service and carries a request id', async () => {
    const res = await send('GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'healthy', version: '1.0.0', environment: 'development' });
    expect(res.headers.get('x-request-id')).toMatch(/\S/);
  });

  it('GET /api/v1/health/db reports the local D1 database', async () => {
    const res = await send('GET', '/api/v1/health/db');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ status: 'healthy', database: 'connected' });
  });
});

describe('auth flow', () => {
  let registered: any;

  it('registers a user with exactly the documented fields and no password', async () => {
    const res = await send('POST', '/api/v1/auth/register', { json: { email, name, password } });
    expect(res.status, res.text).toBe(201);
    registered = res.body;
    expect(Object.keys(registered).sort()).toEqual(USER_FIELDS);
    expect(registered).toMatchObject({ id: expect.any(Number), email, name, avatar_url: null, is_active: true });
    expect(registered.created_at).toMatch(NAIVE_ISO);
    expect(res.text).not.toMatch(/password|hash/i);
    expect(res.text).not.toContain(password);
  });

  it('refuses the same e-mail in different case', async () => {
    const res = await send('POST', '/api/v1/auth/register', { json: { email: email.toUpperCase(), name, password } });
    expect(res.status, res.text).toBe(400);
    expect(res.body).toEqual(envelope('EMAIL_ALREADY_EXISTS'));
  });

  it('logs in with a bearer pair of the documented lifetime', async () => {
    const body = await login();
    expect(body).toEqual({
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 1800,
      user: registered,
    });
    expect(body.access_token).not.toBe(body.refresh_token);
  });

  it('matches the e-mail case-insensitively at login', async () => {
    const res = await send('POST', '/api/v1/auth/login', { json: { email: email.toUpperCase(), password } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.user.id).toBe(registered.id);
  });

  it('refuses a wrong password with 401 UNAUTHORIZED', async () => {
    const res = await send('POST', '/api/v1/auth/login', { json: { email, password: 'wrong-password-123' } });
    expect(res.status, res.text).toBe(401);
    expect(res.body).toEqual(envelope('UNAUTHORIZED'));
  });

  it('GET /api/v1/auth/me returns the signed-in user, and 401 without a token', async () => {
    const { access_token } = await login();
    const me = await send('GET', '/api/v1/auth/me', { token: access_token });
    expect(me.status, me.text).toBe(200);
    expect(me.body).toEqual(registered);

    const anonymous = await send('GET', '/api/v1/auth/me');
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toEqual(envelope('UNAUTHORIZED'));
  });

  it('refresh rotates the pair; the used refresh token is then refused', async () => {
    const first = await login();
    const res = await send('POST', '/api/v1/auth/refresh', { json: { refresh_token: first.refresh_token } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ access_token: expect.any(String), refresh_token: expect.any(String), token_type: 'bearer' });
    expect(res.body.refresh_token).not.toBe(first.refresh_token);
    expect(res.body.access_token).not.toBe(first.access_token);

    const me = await send('GET', '/api/v1/auth/me', { token: res.body.access_token });
    expect(me.status, me.text).toBe(200);
    expect(me.body.id).toBe(registered.id);

    const reused = await send('POST', '/api/v1/auth/refresh', { json: { refresh_token: first.refresh_token } });
    expect(reused.status, reused.text).toBe(401);
    expect(reused.body).toEqual(envelope('INVALID_TOKEN'));

    // A reused refresh token revokes its whole family, including the pair just issued.
    const rotated = await send('POST', '/api/v1/auth/refresh', { json: { refresh_token: res.body.refresh_token } });
    expect(rotated.status, rotated.text).toBe(401);
    expect(rotated.body).toEqual(envelope('INVALID_TOKEN'));
  });

  it('logout ends the session: the access and refresh tokens stop working', async () => {
    const { access_token, refresh_token } = await login();
    const res = await send('POST', '/api/v1/auth/logout', { token: access_token });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toEqual({ message: 'Successfully logged out', detail: 'Please discard your tokens on the client side' });

    const me = await send('GET', '/api/v1/auth/me', { token: access_token });
    expect(me.status, me.text).toBe(401);
    expect(me.body).toEqual(envelope('INVALID_TOKEN'));

    const refreshed = await send('POST', '/api/v1/auth/refresh', { json: { refresh_token } });
    expect(refreshed.status, refreshed.text).toBe(401);
    expect(refreshed.body).toEqual(envelope('INVALID_TOKEN'));
  });

  it('the sysadmin from .dev.vars.example can log in', async () => {
    const adminEmail = dotenvValue('.dev.vars.example', 'ADMIN_EMAIL');
    const adminPassword = dotenvValue('.dev.vars.example', 'ADMIN_PASSWORD');
    const res = await send('POST', '/api/v1/auth/login', { json: { email: adminEmail, password: adminPassword } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.user).toMatchObject({ email: adminEmail, is_active: true });
    expect(res.body.token_type).toBe('bearer');
  });
});

describe('errors', () => {
  it('an unknown path under /api/v1 is 404 in the learning envelope', async () => {
    const res = await send('GET', '/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body).toEqual(envelope('NOT_FOUND'));
  });

  it('malformed JSON is 422 VALIDATION_ERROR, never a 500', async () => {
    const res = await send('POST', '/api/v1/auth/login', { raw: '{"email": "a@example.com", "password": ' });
    expect(res.status, res.text).toBe(422);
    expect(res.body).toEqual(envelope('VALIDATION_ERROR'));
  });

  it('a body that fails the schema is 422 VALIDATION_ERROR with field details', async () => {
    const res = await send('POST', '/api/v1/auth/register', { json: { email: 'not-an-email', name: '', password: 'short' } });
    expect(res.status, res.text).toBe(422);
    expect(res.body).toEqual(envelope('VALIDATION_ERROR'));
    expect(res.body.error.details.errors.length).toBeGreaterThan(0);
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    send('OPTIONS', '/api/v1/auth/login', {
      headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type,authorization' },
    });

  it('answers a preflight from an allowed origin by echoing it', async () => {
    const origins = allowedOrigins();
    expect(origins.length).toBeGreaterThan(0);
    for (const origin of origins) {
      const res = await preflight(origin);
      expect(res.status).toBeLessThan(300);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-allow-methods') ?? '').toMatch(/POST/);
      expect(res.headers.get('access-control-allow-headers') ?? '').toMatch(/authorization/i);
    }
  });

  it('gives a disallowed origin no Access-Control-Allow-Origin', async () => {
    const res = await preflight('https://evil.example');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets an allowed origin read X-Request-Id on a real request', async () => {
    const origin = allowedOrigins()[0]!;
    const res = await send('GET', '/health', { headers: { Origin: origin } });
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-expose-headers') ?? '').toMatch(/x-request-id/i);
  });
});
