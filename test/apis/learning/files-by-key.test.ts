/**
 * GET/HEAD /materials/{key}: the document's MinIO URL (`<base>/materials/{file_path}`) served by the Worker.
 * Whatever `/api/v1/materials/{id}/file` and `/thumbnail` answer for a material, the key URL answers too.
 */
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../../src/app';
import type { Bindings } from '../../../src/env';
import { countingD1 } from '../../helpers/counting-d1';
import { call } from '../../helpers/http';
import { countingBucket } from '../../caching/r2-counting';
import { digest, fetchRaw, materialRow, mp4, pdf, png, runThumbnailJob, setMaterial, signedIn, uploaded } from './fixtures';
import { expectError } from './support';

const SAME_HEADERS = [
  'Content-Type',
  'Content-Length',
  'Content-Range',
  'ETag',
  'Cache-Control',
  'Accept-Ranges',
  'Content-Disposition',
  'X-Content-Type-Options',
];

/** The key URL and the id URL answer alike: status, headers and bytes. */
async function expectSame(byKey: string, byId: string, headers: Record<string, string> = {}, method = 'GET') {
  const [a, b] = await Promise.all([fetchRaw(byKey, headers, method), fetchRaw(byId, headers, method)]);
  expect(a.status, `${method} ${byKey} ${JSON.stringify(headers)}`).toBe(b.status);
  for (const name of SAME_HEADERS) expect(a.headers.get(name), name).toBe(b.headers.get(name));
  const [bytesA, bytesB] = [new Uint8Array(await a.arrayBuffer()), new Uint8Array(await b.arrayBuffer())];
  expect(await digest(bytesA)).toBe(await digest(bytesB));
  return { status: a.status, headers: a.headers, bytes: bytesA };
}

describe('GET /materials/{file_path}', () => {
  it('serves the file exactly as /api/v1/materials/{id}/file: whole, ranges, ETag/304, HEAD', async () => {
    const owner = await signedIn();
    const data = mp4(70_000, 31);
    const m = await uploaded(owner.access_token, { file: data });
    expect(m.file_path).toMatch(/^materials\/\d+\/\d{8}_\d{6}_[0-9a-f]{12}\.mp4$/);
    const byKey = `/materials/${m.file_path}`;
    const byId = `/api/v1/materials/${m.id}/file`;

    const whole = await expectSame(byKey, byId);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('Content-Type')).toBe('video/mp4');
    expect(await digest(whole.bytes)).toBe(await digest(data));
    const etag = whole.headers.get('ETag')!;

    expect((await expectSame(byKey, byId, { Range: 'bytes=100-199' })).status).toBe(206);
    expect((await expectSame(byKey, byId, { Range: 'bytes=-10' })).bytes).toEqual(data.slice(-10));
    expect((await expectSame(byKey, byId, { Range: 'bytes=70000-' })).status).toBe(416);
    expect((await expectSame(byKey, byId, { 'If-None-Match': etag })).status).toBe(304);
    expect((await expectSame(byKey, byId, { 'If-None-Match': '"other"' })).status).toBe(200);
    const head = await expectSame(byKey, byId, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('Content-Length')).toBe('70000');
    expect(head.bytes).toHaveLength(0);
  });

  it('the key may come percent-encoded (%2F), and a token is ignored as on the id routes', async () => {
    const owner = await signedIn();
    const data = pdf(5000, 32);
    const m = await uploaded(owner.access_token, { file: data });
    for (const headers of [{}, { Authorization: 'Bearer garbage' }] as Record<string, string>[]) {
      const res = await fetchRaw(`/materials/${encodeURIComponent(m.file_path)}`, headers);
      expect(res.status).toBe(200);
      expect(res.headers.get('Content-Type')).toBe('application/pdf');
      expect(await digest(new Uint8Array(await res.arrayBuffer()))).toBe(await digest(data));
    }
  });

  it('hidden, processing and deleted materials, and keys no material has: 404 NOT_FOUND, as by id', async () => {
    const owner = await signedIn();
    const hidden = await uploaded(owner.access_token, { file: pdf(), thumbnail: png() });
    expect((await call('DELETE', `/api/v1/materials/${hidden.id}`, { token: owner.access_token })).status).toBe(204);
    const processing = await uploaded(owner.access_token, { file: pdf(), thumbnail: png() });
    await setMaterial(processing.id, { status: 'processing' });
    const deleted = await uploaded(owner.access_token, { file: pdf(), thumbnail: png() });
    expect((await call('DELETE', `/api/v1/upload/${deleted.id}`, { token: owner.access_token })).status).toBe(204);

    for (const m of [hidden, processing, deleted]) {
      for (const key of [m.file_path, m.thumbnail_path]) {
        expectError(await call('GET', `/materials/${key}`), 404, 'NOT_FOUND');
        expect((await call('HEAD', `/materials/${key}`)).status).toBe(404);
      }
      expectError(await call('GET', `/api/v1/materials/${m.id}/file`), 404, 'NOT_FOUND');
    }
    const active = await uploaded(owner.access_token, { file: pdf() });
    for (const path of [
      `/materials/${active.file_path}x`,
      `/materials/${active.file_path.replace(/^materials\//, '')}`,
      `/materials/materials/${active.file_path}`,
      `/materials/thumbnails/${active.id}.png`, // it has no thumbnail_path: /thumbnail shows a placeholder, but there is no key to name
      '/materials/materials/',
      '/materials/x',
      '/materials/',
      '/materials',
    ]) {
      const res = await call('GET', path);
      expectError(res, 404, 'NOT_FOUND');
    }
  });

  it('other methods: 405 in the learning envelope, allowing GET and HEAD', async () => {
    const owner = await signedIn();
    const m = await uploaded(owner.access_token, { file: pdf() });
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await call(method, `/materials/${m.file_path}`, { token: owner.access_token });
      expectError(res, 405, 'METHOD_NOT_ALLOWED');
      expect(res.headers.get('Allow')).toBe('GET, HEAD');
    }
    expect((await materialRow(m.id))?.status).toBe('active');
  });

  it('looks the material up by an index on file_key / thumbnail_key, in one statement', async () => {
    const owner = await signedIn();
    const m = await uploaded(owner.access_token, { file: pdf(), thumbnail: png() });
    for (const key of [m.file_path, m.thumbnail_path]) {
      const db = countingD1(env.DB);
      expect((await call('HEAD', `/materials/${key}`, { env: { DB: db } })).status).toBe(200);
      const lookups = db.queries.filter((q) => /from "materials"/i.test(q.sql));
      expect(lookups).toHaveLength(1);
      const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${lookups[0]!.sql}`)
        .bind(...lookups[0]!.params)
        .all<{ detail: string }>();
      const details = plan.results.map((r) => r.detail);
      expect(
        details.some((d) => d.includes('materials_file_key_idx')),
        details.join(' / '),
      ).toBe(true);
      expect(
        details.some((d) => d.includes('materials_thumbnail_key_idx')),
        details.join(' / '),
      ).toBe(true);
      expect(details.filter((d) => /^SCAN materials\b/.test(d))).toEqual([]);
    }
  });
});

describe('GET /materials/{thumbnail_path}', () => {
  it('serves a sent thumbnail exactly as /api/v1/materials/{id}/thumbnail, before and after the job', async () => {
    const owner = await signedIn();
    const thumb = png(3000);
    const m = await uploaded(owner.access_token, { file: pdf(), thumbnail: thumb });
    expect(m.thumbnail_path).toBe(`thumbnails/${m.id}.png`);
    const byKey = `/materials/${m.thumbnail_path}`;
    const byId = `/api/v1/materials/${m.id}/thumbnail`;
    const whole = await expectSame(byKey, byId);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('Content-Type')).toBe('image/png');
    expect(await digest(whole.bytes)).toBe(await digest(thumb));
    expect((await expectSame(byKey, byId, { Range: 'bytes=-16' })).status).toBe(206);
    expect((await expectSame(byKey, byId, { 'If-None-Match': whole.headers.get('ETag')! })).status).toBe(304);
    await runThumbnailJob();
    expect((await expectSame(byKey, byId)).status).toBe(200);
  });

  it("the job's stored SVG placeholder is served at its key", async () => {
    const owner = await signedIn();
    const m = await uploaded(owner.access_token, { file: mp4(), title: 'Placeholder by key' });
    expect(m.thumbnail_path).toBeNull();
    await runThumbnailJob();
    const key = (await call('GET', `/api/v1/materials/${m.id}`)).body.thumbnail_path;
    expect(key).toBe(`thumbnails/${m.id}.svg`);
    const res = await expectSame(`/materials/${key}`, `/api/v1/materials/${m.id}/thumbnail`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('image/svg+xml');
    expect(new TextDecoder().decode(res.bytes)).toContain('Placeholder by key');
  });
});

describe('the edge cache behind /materials/{key}', () => {
  const r2 = countingBucket();
  async function fetchVia(path: string) {
    const ctx = createExecutionContext();
    r2.reset();
    const res = await createApp().fetch(new Request(`http://localhost${path}`), { ...(env as Bindings), FILES: r2.bucket }, ctx);
    const body = new Uint8Array(await res.arrayBuffer());
    await waitOnExecutionContext(ctx);
    return { status: res.status, headers: res.headers, body, calls: [...r2.calls] };
  }

  it('is the id routes’ cache (one entry per R2 key), and a hidden material is 404 at once although cached', async () => {
    const owner = await signedIn();
    const data = pdf(8000, 33);
    const m = await uploaded(owner.access_token, { file: data });
    expect((await fetchVia(`/api/v1/materials/${m.id}/file`)).calls).toHaveLength(1);
    const cached = await fetchVia(`/materials/${m.file_path}`);
    expect(cached.status).toBe(200);
    expect(cached.body).toEqual(data);
    expect(cached.calls).toEqual([]);
    expect(cached.headers.get('CF-Cache-Status')).toBe('HIT');

    expect((await call('DELETE', `/api/v1/materials/${m.id}`, { token: owner.access_token })).status).toBe(204);
    const gone = await fetchVia(`/materials/${m.file_path}`);
    expect(gone.status).toBe(404);
    expect(JSON.parse(new TextDecoder().decode(gone.body)).error.code).toBe('NOT_FOUND');
  });
});
