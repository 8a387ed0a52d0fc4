import { afterEach, describe, expect, it, vi } from 'vitest';
import { call, signedInLearner } from '../helpers/http';

describe('root middleware', () => {
  afterEach(() => vi.restoreAllMocks());

  it('puts a request id on every response, and keeps a sane one the client sent', async () => {
    const fresh = await call('GET', '/health');
    expect(fresh.headers.get('X-Request-Id')).toMatch(/^[0-9a-f-]{36}$/);
    const echoed = await call('GET', '/nope', { headers: { 'X-Request-Id': 'client-trace-1' } });
    expect(echoed.headers.get('X-Request-Id')).toBe('client-trace-1');
  });

  it('answers CORS for allowed origins only and exposes X-Request-Id', async () => {
    const allowed = await call('OPTIONS', '/api/v1/auth/login', {
      headers: {
        Origin: 'http://localhost:5173',
        'Access-Control-Request-Method': 'POST',
        'Access-Control-Request-Headers': 'content-type,authorization',
      },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('Access-Control-Allow-Origin')).toBe('http://localhost:5173');
    expect(allowed.headers.get('Access-Control-Allow-Headers')?.toLowerCase()).toContain('authorization');
    const simple = await call('GET', '/health', { headers: { Origin: 'http://localhost:5173' } });
    // What a cross-origin frontend must read: throttling, caching, ranges and file names, support ids, bookmarks.
    const exposed = (simple.headers.get('Access-Control-Expose-Headers') ?? '').split(',').map((h) => h.trim().toLowerCase());
    for (const h of ['retry-after', 'etag', 'content-range', 'content-disposition', 'x-request-id', 'x-d1-bookmark'])
      expect(exposed, h).toContain(h);
    const denied = await call('GET', '/health', { headers: { Origin: 'https://evil.example' } });
    expect(denied.headers.get('Access-Control-Allow-Origin')).toBeNull();
  });

  it('logs one JSON line per request without passwords or tokens', async () => {
    const lines: string[] = [];
    for (const m of ['log', 'warn', 'error'] as const)
      vi.spyOn(console, m).mockImplementation((...a: unknown[]) => void lines.push(a.join(' ')));
    const user = await signedInLearner();
    await call('GET', '/api/v1/auth/me', { token: user.access_token });
    const requests = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'request');
    expect(requests.map((r) => r.path)).toEqual(['/api/v1/auth/register', '/api/v1/auth/login', '/api/v1/auth/me']);
    expect(requests[2]).toMatchObject({ level: 'info', method: 'GET', status: 200 });
    const all = lines.join('\n');
    expect(all).not.toContain(user.password);
    expect(all).not.toContain(user.access_token);
    expect(all).not.toContain(user.refresh_token);
  });

  it('answers unknown paths with 404 in the owning API’s envelope', async () => {
    const res = await call('GET', '/api/v1/no-such-thing');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: { code: 'NOT_FOUND', message: 'No route for GET /api/v1/no-such-thing', details: {} } });
  });
});

describe('method not allowed', () => {
  it('answers a wrong method on a known path with 405 and Allow', async () => {
    const res = await call('GET', '/api/v1/auth/login');
    expect(res.status).toBe(405);
    expect(res.headers.get('Allow')).toBe('POST');
    expect(res.body.error.code).toBe('METHOD_NOT_ALLOWED');
    const health = await call('DELETE', '/health');
    expect(health.status).toBe(405);
    expect(health.headers.get('Allow')?.split(', ').sort()).toEqual(['GET', 'HEAD']);
  });

  it('still answers 404 for unknown paths', async () => {
    expect((await call('POST', '/api/v1/auth/nothing')).status).toBe(404);
  });
});

describe('method not allowed and trailing slashes', () => {
  // FastAPI redirected `/x/` to `/x`; here it is served as `/x` (test/app/trailing-slash.test.ts).
  it('answers a known path with a trailing slash as the path without it, wrong methods included', async () => {
    expect((await call('GET', '/api/v1/auth/me/')).status).toBe(401);
    expect((await call('POST', '/api/v1/auth/login/')).status).toBe(422);
    const wrong = await call('DELETE', '/api/v1/auth/login/');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('Allow')).toBe('POST');
  });
});

describe('security headers', () => {
  it('sends nosniff and no-referrer on every response, errors included, without blocking cross-origin embedding', async () => {
    for (const res of [await call('GET', '/health'), await call('GET', '/api/v1/nope'), await call('GET', '/api/v1/auth/me')]) {
      expect(res.headers.get('X-Content-Type-Options')).toBe('nosniff');
      expect(res.headers.get('Referrer-Policy')).toBe('no-referrer');
      expect(res.headers.get('Cross-Origin-Resource-Policy')).toBe('cross-origin');
    }
  });

  it('keeps the strict CSP of /docs', async () => {
    const res = await call('GET', '/docs');
    expect(res.headers.get('Content-Security-Policy')).toContain("script-src 'self'");
  });
});
