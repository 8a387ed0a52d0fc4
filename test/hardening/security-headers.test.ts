// Security headers on every response (issue 7), beyond the three responses test/app/middleware.test.ts
// looks at: every documented operation (answered, refused or failed), the platform's own errors, files,
// the documents, and the strict Content-Security-Policy of /docs.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { frameAncestors } from '../../src/http/embedding';
import { DOCS_CSP } from '../../src/openapi/docs-page';
import { signedIn, uploaded } from '../apis/learning/fixtures';
import { operations } from '../fuzz/documents';
import { send } from '../fuzz/send';
import type { CallResult } from '../helpers/http';

/** The allowed frontend origins of wrangler.toml's [vars], as the tests run them. */
const FRAME_ANCESTORS = `frame-ancestors ${frameAncestors(env.ALLOWED_ORIGINS)}`;

/** Stored files may be framed by this Worker's pages and the allowed frontends; nothing else by another origin. */
function expectSecurityHeaders(res: CallResult, what: string, kind: 'file' | 'other' = 'other') {
  expect(res.headers.get('X-Content-Type-Options'), what).toBe('nosniff');
  expect(res.headers.get('Referrer-Policy'), what).toBe('no-referrer');
  if (kind === 'file') {
    expect(res.headers.get('X-Frame-Options'), what).toBeNull();
    expect(res.headers.get('Content-Security-Policy'), what).toBe(FRAME_ANCESTORS);
  } else {
    expect(res.headers.get('X-Frame-Options'), what).toBe('SAMEORIGIN');
  }
}

const sample = (name: string) =>
  /upload_id/.test(name) ? '00000000-0000-4000-8000-000000000000' : name === 'kind' ? 'users' : name === 'file' ? 'x.png' : '1';

describe('security headers on every response', () => {
  it('every documented operation, called without a token and with a JSON body it may not like', async () => {
    const ops = operations();
    expect(ops.length).toBeGreaterThan(100);
    for (const op of ops) {
      const url = op.path.replace(/\{([^}]+)\}/g, (_, n: string) => sample(n));
      const res = await send(op.method, url, op.method === 'GET' ? {} : { body: '{}', headers: { 'Content-Type': 'application/json' } });
      const file = res.headers.get('Content-Disposition')?.startsWith('inline') ? 'file' : 'other';
      expectSecurityHeaders(res, `${op.method} ${url} -> ${res.status}`, file);
    }
  });

  it('the platform’s own answers: 404, 405, 413, 415, malformed JSON, documents, docs script', async () => {
    const cases: [string, string, { body?: string; headers?: Record<string, string> }][] = [
      ['GET', '/nowhere', {}],
      ['DELETE', '/health', {}],
      ['POST', '/api/v1/auth/login', { body: 'x'.repeat(1024 * 1024 + 10), headers: { 'Content-Type': 'application/json' } }],
      ['POST', '/api/users/login', { body: 'a=b', headers: { 'Content-Type': 'text/plain' } }],
      ['POST', '/api/users/login', { body: '{"email":', headers: { 'Content-Type': 'application/json' } }],
      ['GET', '/openapi.json', {}],
      ['GET', '/openapi/campus.json', {}],
      ['GET', '/docs/init.js', {}],
    ];
    const statuses: number[] = [];
    for (const [method, path, opts] of cases) {
      const res = await send(method, path, opts);
      statuses.push(res.status);
      expectSecurityHeaders(res, `${method} ${path} -> ${res.status}`);
    }
    expect(statuses).toEqual([404, 405, 413, 415, 400, 200, 200, 200]);
  });

  it('files served from R2 (full, ranged, not modified) are framable by the allowed frontends only', async () => {
    expect(FRAME_ANCESTORS).toMatch(/^frame-ancestors 'self' https?:\/\/\S+/);
    const u = await signedIn('teacher');
    const m = await uploaded(u.access_token);
    const full = await send('GET', `/api/v1/materials/${m.id}/file`, {});
    expect(full.status).toBe(200);
    expectSecurityHeaders(full, 'file', 'file');
    const ranged = await send('GET', `/api/v1/materials/${m.id}/file`, { headers: { Range: 'bytes=0-9' } });
    expect(ranged.status).toBe(206);
    expectSecurityHeaders(ranged, 'range', 'file');
    const cached = await send('GET', `/api/v1/materials/${m.id}/file`, { headers: { 'If-None-Match': full.headers.get('ETag')! } });
    expect(cached.status).toBe(304);
    expectSecurityHeaders(cached, '304', 'file');
    const thumbnail = await send('GET', `/api/v1/materials/${m.id}/thumbnail`, {});
    expect(thumbnail.status).toBe(200);
    expectSecurityHeaders(thumbnail, 'placeholder thumbnail', 'file');
  });

  it('/docs carries the strict CSP: same-origin scripts only, no inline script, nothing from elsewhere', async () => {
    const res = await send('GET', '/docs', {});
    expect(res.status).toBe(200);
    expectSecurityHeaders(res, '/docs');
    const csp = res.headers.get('Content-Security-Policy')!;
    expect(csp).toBe(DOCS_CSP);
    const directives = Object.fromEntries(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k!, v]),
    );
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(csp).not.toMatch(/unsafe-eval|\*|https?:/);
    // Every script the page loads is a same-origin file (an inline one would be blocked by its own CSP).
    const scripts = [...res.text.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc="\/[^/]/);
      expect(body!.trim()).toBe('');
    }
  });
});
