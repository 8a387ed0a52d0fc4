import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app';
import type { Bindings } from '../../src/env';
import { EDGE_CACHE_MAX_BYTES, objectResponse } from '../../src/http/object-response';
import { call } from '../helpers/http';
import { materialRow, pdf, png, signedIn, uploaded } from '../apis/learning/fixtures';
import { expectOk, fileForm, instructor, jpeg, learner, newCourse, webp } from '../apis/personal-center/support';
import { countingBucket } from './r2-counting';

interface Got {
  status: number;
  headers: Headers;
  body: Uint8Array;
}

/** A request through a fresh app whose FILES binding counts calls; waits for its waitUntil work (the cache put). */
async function fetchVia(bucket: R2Bucket, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Got> {
  const ctx = createExecutionContext();
  const res = await createApp().fetch(
    new Request(`http://localhost${path}`, { method, headers }),
    { ...(env as Bindings), FILES: bucket },
    ctx,
  );
  const body = new Uint8Array(await res.arrayBuffer());
  await waitOnExecutionContext(ctx);
  return { status: res.status, headers: res.headers, body };
}

const r2 = countingBucket();
/** The R2 calls one request made. */
async function counted(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Got & { calls: string[] }> {
  r2.reset();
  const got = await fetchVia(r2.bucket, path, headers, method);
  return { ...got, calls: [...r2.calls] };
}

describe('R2: one call per file request', () => {
  it('whole, ranged, conditional and HEAD requests of an uncached object each make one R2 call', async () => {
    const owner = await signedIn();
    const data = pdf(70_000, 11);
    const m = await uploaded(owner.access_token, { file: data });
    const key = (await materialRow(m.id))!.fileKey!;
    const url = `/api/v1/materials/${m.id}/file`;
    const etag = (await env.FILES.head(key))!.httpEtag;

    const ranged = await counted(url, { Range: 'bytes=100-199' });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('Content-Range')).toBe('bytes 100-199/70000');
    expect(ranged.body).toEqual(data.slice(100, 200));
    expect(ranged.calls).toEqual([`get:${key}`]);

    const clamped = await counted(url, { Range: 'bytes=69990-99999999' });
    expect(clamped.status).toBe(206);
    expect(clamped.headers.get('Content-Range')).toBe('bytes 69990-69999/70000');
    expect(clamped.calls).toHaveLength(1);

    for (const inm of [etag, `W/${etag}`, `"x", ${etag}`, '*']) {
      const conditional = await counted(url, { 'If-None-Match': inm });
      expect(conditional.status, inm).toBe(304);
      expect(conditional.body).toHaveLength(0);
      expect(conditional.headers.get('ETag')).toBe(etag);
      expect(conditional.calls).toEqual([`get:${key}`]);
    }
    const stale = await counted(url, { 'If-None-Match': '"something-else"', Range: 'bytes=0-9' });
    expect(stale.status).toBe(206);
    expect(stale.calls).toHaveLength(1);

    const head = await counted(url, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.headers.get('Content-Length')).toBe('70000');
    expect(head.calls).toEqual([`head:${key}`]);

    // The rare path: R2 refuses the range, the size comes from a second call.
    const beyond = await counted(url, { Range: 'bytes=70000-' });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('Content-Range')).toBe('bytes */70000');
    expect(beyond.calls.length).toBeLessThanOrEqual(2);
  });
});

describe('edge cache (caches.default) for public files', () => {
  it('the second request of a material file is served by the cache: no R2 call, whole, ranged, conditional and HEAD', async () => {
    const owner = await signedIn();
    const data = pdf(50_000, 12);
    const m = await uploaded(owner.access_token, { file: data });
    const url = `/api/v1/materials/${m.id}/file`;

    const first = await counted(url);
    expect(first.status).toBe(200);
    expect(first.body).toEqual(data);
    expect(first.calls).toHaveLength(1);
    const etag = first.headers.get('ETag')!;

    const second = await counted(url);
    expect(second.status).toBe(200);
    expect(second.body).toEqual(data);
    expect(second.calls).toEqual([]);
    expect(second.headers.get('CF-Cache-Status')).toBe('HIT');
    for (const name of [
      'Content-Type',
      'Cache-Control',
      'ETag',
      'Content-Disposition',
      'X-Content-Type-Options',
      'Accept-Ranges',
      'Content-Length',
    ])
      expect(second.headers.get(name), name).toBe(first.headers.get(name));

    const ranged = await counted(url, { Range: 'bytes=1000-1999' });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('Content-Range')).toBe('bytes 1000-1999/50000');
    expect(ranged.body).toEqual(data.slice(1000, 2000));
    expect(ranged.calls).toEqual([]);

    const suffix = await counted(url, { Range: 'bytes=-10' });
    expect(suffix.status).toBe(206);
    expect(suffix.body).toEqual(data.slice(49_990));

    const unsatisfiable = await counted(url, { Range: 'bytes=50000-' });
    expect(unsatisfiable.status).toBe(416);
    expect(unsatisfiable.headers.get('Content-Range')).toBe('bytes */50000');
    expect(unsatisfiable.calls).toEqual([]);

    const conditional = await counted(url, { 'If-None-Match': etag });
    expect(conditional.status).toBe(304);
    expect(conditional.body).toHaveLength(0);
    expect(conditional.headers.get('ETag')).toBe(etag);
    expect(conditional.calls).toEqual([]);

    const head = await counted(url, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toHaveLength(0);
    expect(head.calls).toEqual([]);
  });

  it('a hidden material is 404 at once although its file is cached; so is a deleted upload', async () => {
    const owner = await signedIn();
    for (const remove of [
      (id: number) => call('DELETE', `/api/v1/materials/${id}`, { token: owner.access_token }),
      (id: number) => call('DELETE', `/api/v1/upload/${id}`, { token: owner.access_token }),
    ]) {
      const m = await uploaded(owner.access_token, { file: pdf(4096, 13) });
      const url = `/api/v1/materials/${m.id}/file`;
      await counted(url);
      expect((await counted(url)).calls).toEqual([]); // cached
      expect((await remove(m.id)).status).toBeLessThan(300);
      const gone = await counted(url);
      expect(gone.status).toBe(404);
      expect(new TextDecoder().decode(gone.body)).toContain('NOT_FOUND');
      expect((await counted(url, { Range: 'bytes=0-9' })).status).toBe(404);
    }
  });

  it('thumbnails are cached too', async () => {
    const owner = await signedIn();
    const thumb = png(3000);
    const m = await uploaded(owner.access_token, { thumbnail: thumb });
    const url = `/api/v1/materials/${m.id}/thumbnail`;
    const first = await counted(url);
    expect(first.status).toBe(200);
    expect(first.body).toEqual(thumb);
    const second = await counted(url);
    expect(second.body).toEqual(thumb);
    expect(second.calls).toEqual([]);
  });

  it('a replaced avatar: the old URL is 404 although cached, the new one is served', async () => {
    const u = await learner();
    const avatar = async (bytes: Uint8Array) =>
      expectOk(await call('POST', '/api/user/avatar', { token: u.token, body: fileForm('avatar', bytes) })).avatar_url as string;
    const oldBytes = jpeg(2000);
    const oldUrl = await avatar(oldBytes);
    expect((await counted(oldUrl)).body).toEqual(oldBytes);
    const cached = await counted(oldUrl);
    expect(cached.calls.filter((c) => c.startsWith('get'))).toEqual([]);
    expect(cached.body).toEqual(oldBytes);

    const newBytes = webp(2500);
    const newUrl = await avatar(newBytes);
    expect((await counted(oldUrl)).status).toBe(404);
    const fresh = await counted(newUrl);
    expect(fresh.status).toBe(200);
    expect(fresh.body).toEqual(newBytes);
  });

  it('a replaced course cover: the old URL is 404 although cached, the new one is served', async () => {
    const t = await instructor();
    const course = await newCourse(t);
    const cover = async (bytes: Uint8Array) =>
      expectOk(await call('POST', `/api/teacher/courses/${course.course_id}/cover`, { token: t.token, body: fileForm('cover', bytes) }))
        .cover_img as string;
    const oldUrl = await cover(jpeg(1500));
    await counted(oldUrl);
    expect((await counted(oldUrl)).calls).toEqual([]);
    const newUrl = await cover(webp(1700));
    expect((await counted(oldUrl)).status).toBe(404);
    expect((await counted(newUrl)).status).toBe(200);
  });

  it(`objects above ${EDGE_CACHE_MAX_BYTES} bytes are not put in the cache (a tee would buffer them in memory)`, async () => {
    const key = `caching-test/${crypto.randomUUID()}.bin`;
    await env.FILES.put(key, new Uint8Array(EDGE_CACHE_MAX_BYTES + 1));
    const pending: Promise<unknown>[] = [];
    const edge = { cache: caches.default, origin: 'http://localhost', waitUntil: (p: Promise<unknown>) => void pending.push(p) };
    for (let i = 0; i < 2; i++) {
      r2.reset();
      const res = await objectResponse(
        r2.bucket,
        key,
        { method: 'GET' },
        { contentType: 'application/octet-stream', cacheControl: 'public, max-age=60' },
        edge,
      );
      expect((await res!.arrayBuffer()).byteLength).toBe(EDGE_CACHE_MAX_BYTES + 1);
      expect(r2.calls).toEqual([`get:${key}`]);
    }
    expect(pending).toEqual([]);
    await env.FILES.delete(key);
  });
});
