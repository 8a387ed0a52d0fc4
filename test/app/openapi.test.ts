import { describe, expect, it } from 'vitest';
import { APIS } from '../../src/apis';
import { apiDocument, combinedDocument } from '../../src/openapi/documents';
import { call } from '../helpers/http';

// Every committed document, keyed by file name (vite reads them at build time; workerd has no file system).
const files = import.meta.glob<{ default: unknown }>('../../openapi/*.json', { eager: true });
const committed = Object.fromEntries(
  Object.entries(files).map(([path, mod]) => [
    path
      .split('/')
      .pop()!
      .replace(/\.json$/, ''),
    mod.default,
  ]),
);
const roundTrip = (doc: unknown) => JSON.parse(JSON.stringify(doc));

describe('OpenAPI documents', () => {
  it('committed files under openapi/ are up to date (run `npm run openapi` after changing a route)', () => {
    for (const api of APIS) expect(committed[api.name], `openapi/${api.name}.json`).toEqual(roundTrip(apiDocument(api)));
    expect(committed.openapi, 'openapi/openapi.json').toEqual(roundTrip(combinedDocument()));
    expect(Object.keys(committed).sort(), 'no document for an API that is gone').toEqual([...APIS.map((a) => a.name), 'openapi'].sort());
  });

  it('serves the combined and per-API documents', async () => {
    const all = await call('GET', '/openapi.json');
    expect(all.status).toBe(200);
    expect(all.body.openapi).toBe('3.1.0');
    const learning = await call('GET', '/openapi/learning.json');
    expect(learning.status).toBe(200);
    expect(Object.keys(learning.body.paths)).toEqual(
      expect.arrayContaining([
        '/health',
        '/api/v1/health/db',
        '/api/v1/auth/register',
        '/api/v1/auth/login',
        '/api/v1/auth/me',
        '/api/v1/auth/refresh',
        '/api/v1/auth/logout',
      ]),
    );
  });

  it('gives every operation an id, tags, and error responses; protected ones declare bearer security and 401', () => {
    const ids = new Set<string>();
    for (const [path, item] of Object.entries(combinedDocument().paths ?? {})) {
      for (const [method, op] of Object.entries(item as Record<string, any>)) {
        expect(op.operationId, `${method} ${path}`).toBeTruthy();
        expect(ids.has(op.operationId)).toBe(false);
        ids.add(op.operationId);
        expect(op.tags?.length).toBeGreaterThan(0);
        expect(Object.keys(op.responses).some((s) => Number(s) >= 400)).toBe(true);
        if (op.security?.length) expect(op.responses['401'], `${method} ${path}`).toBeTruthy();
      }
    }
    expect(ids.size).toBeGreaterThan(0);
  });
});
