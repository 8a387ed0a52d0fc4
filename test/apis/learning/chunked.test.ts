/**
 * Resumable uploads: POST /api/v1/uploads, PUT /api/v1/uploads/{id}/parts/{n},
 * GET /api/v1/uploads/{id}, POST /api/v1/uploads/{id}/complete, DELETE /api/v1/uploads/{id}.
 */
import { env, exports } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { uploadParts } from '../../../src/db/schema';
import type { Bindings } from '../../../src/env';
import { testDeps } from '../../helpers/deps';
import { call, type CallResult } from '../../helpers/http';
import {
  digest,
  expectUnauthenticated,
  faultyBucket,
  fetchRaw,
  materialRow,
  materialRowsOf,
  matroska,
  MiB,
  mp4,
  objectExists,
  pdf,
  runThumbnailJob,
  sessionRow,
  signedIn,
  text,
  webm,
  withBucket,
  type SignedIn,
  MATERIAL_KEYS,
} from './fixtures';
import { expectError, ISO_NAIVE } from './support';

const PART = 5 * MiB;
const SMALL_PARTS: Partial<Bindings> = { UPLOAD_PART_SIZE_BYTES: String(PART) };
const SESSION_KEYS = [
  'bytes_received',
  'filename',
  'material_id',
  'missing_parts',
  'part_size',
  'progress',
  'size',
  'status',
  'total_parts',
  'upload_id',
  'uploaded_parts',
];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Announce {
  filename?: string;
  size: number;
  type?: string;
  title?: string;
  description?: string;
}

const create = (token: string | undefined, a: Announce, env: Partial<Bindings> = SMALL_PARTS) =>
  call('POST', '/api/v1/uploads', { json: { filename: 'big.mp4', type: 'video', title: 'Big upload', ...a }, token, env });

async function created(user: SignedIn, a: Announce, env?: Partial<Bindings>) {
  const res = await create(user.access_token, a, env);
  expect(res.status, res.text).toBe(201);
  return res.body as { upload_id: string; material_id: number; part_size: number; total_parts: number };
}

const put = (
  token: string | undefined,
  id: string,
  n: number | string,
  body: BodyInit,
  opts: { env?: Partial<Bindings>; contentType?: string | null } = {},
) =>
  call('PUT', `/api/v1/uploads/${id}/parts/${n}`, {
    body,
    token,
    env: opts.env,
    headers: {
      ...(opts.contentType === null ? {} : { 'Content-Type': opts.contentType ?? 'application/octet-stream' }),
      // A request handed straight to a fresh app (env overrides) never crossed the wire, so it has no Content-Length yet.
      ...(opts.env && body instanceof Uint8Array ? { 'Content-Length': String(body.byteLength) } : {}),
    },
  });
const get = (token: string | undefined, id: string) => call('GET', `/api/v1/uploads/${id}`, { token });
const complete = (token: string | undefined, id: string, env?: Partial<Bindings>) =>
  call('POST', `/api/v1/uploads/${id}/complete`, { token, env });
const abort = (token: string | undefined, id: string) => call('DELETE', `/api/v1/uploads/${id}`, { token });
const uploadStatus = (token: string, materialId: number) => call('GET', `/api/v1/upload/status/${materialId}`, { token });

/** Part n (1-based) of `data` cut into `partSize` pieces. */
const slice = (data: Uint8Array, n: number, partSize = PART) => data.slice((n - 1) * partSize, Math.min(data.length, n * partSize));

function expectPartOk(res: CallResult) {
  expect(res.status, res.text).toBe(200);
  expect(Object.keys(res.body).sort()).toEqual(SESSION_KEYS);
}

describe('POST /api/v1/uploads', () => {
  it('201: the session with its part plan; the material is processing at 0%', async () => {
    const u = await signedIn();
    const size = 2 * PART + 500;
    const res = await create(u.access_token, { filename: 'lecture.mp4', size, title: 'Lecture', description: 'Long one' });
    expect(res.status, res.text).toBe(201);
    expect(Object.keys(res.body).sort()).toEqual(SESSION_KEYS);
    expect(res.body).toMatchObject({
      status: 'open',
      filename: 'lecture.mp4',
      size,
      part_size: PART,
      total_parts: 3,
      uploaded_parts: [],
      missing_parts: [1, 2, 3],
      bytes_received: 0,
      progress: 0,
    });
    expect(res.body.upload_id).toMatch(UUID);
    const row = await materialRow(res.body.material_id);
    expect(row).toMatchObject({
      status: 'processing',
      title: 'Lecture',
      description: 'Long one',
      type: 'video',
      fileSize: size,
      uploaderId: u.id,
    });
    expect((await uploadStatus(u.access_token, res.body.material_id)).body).toMatchObject({ status: 'processing', progress: 0 });
    expectError(await call('GET', `/api/v1/materials/${res.body.material_id}`), 404, 'NOT_FOUND');
  });

  it('uses UPLOAD_PART_SIZE_BYTES (10 MiB by default) and counts the parts', async () => {
    const u = await signedIn();
    const byDefault = await create(u.access_token, { size: 25 * MiB }, {});
    expect(byDefault.body).toMatchObject({ part_size: 10 * MiB, total_parts: 3 });
    expect((await created(u, { size: 2 * PART })).total_parts).toBe(2);
    expect((await created(u, { size: 2 * PART + 1 })).total_parts).toBe(3);
    expect((await created(u, { size: 1, type: 'pdf', filename: 'a.pdf' })).total_parts).toBe(1);
  });

  it('a size above the announced type’s limit: 413 FILE_TOO_LARGE, no material', async () => {
    const u = await signedIn();
    expectError(await create(u.access_token, { size: 500 * MiB + 1 }, {}), 413, 'FILE_TOO_LARGE');
    expectError(await create(u.access_token, { size: 50 * MiB + 1, type: 'pdf' }, {}), 413, 'FILE_TOO_LARGE');
    expectError(await create(u.access_token, { size: 200_001, type: 'pdf' }, { MAX_PDF_BYTES: '200000' }), 413, 'FILE_TOO_LARGE');
    expect(await materialRowsOf(u.id)).toEqual([]);
    expect((await create(u.access_token, { size: 500 * MiB }, {})).status).toBe(201);
    expect((await create(u.access_token, { size: 50 * MiB, type: 'pdf' }, {})).status).toBe(201);
  });

  it('unknown fields are ignored: a status, uploader or material id sent is not assigned', async () => {
    const u = await signedIn();
    const other = await signedIn();
    const json = {
      filename: 'a.mp4',
      type: 'video',
      title: 'T',
      size: 10,
      extra: 1,
      status: 'completed',
      uploader_id: other.id,
      material_id: 1,
      part_size: 1,
    };
    const res = await call('POST', '/api/v1/uploads', { json, token: u.access_token });
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ status: 'open', part_size: 10 * MiB, total_parts: 1 });
    expect(res.body.material_id).not.toBe(1);
    expect((await call('GET', `/api/v1/uploads/${res.body.upload_id}`, { token: u.access_token })).body).toMatchObject({ status: 'open' });
    expect((await uploadStatus(u.access_token, res.body.material_id)).body).toMatchObject({ status: 'processing' });
    expectError(await call('GET', `/api/v1/uploads/${res.body.upload_id}`, { token: other.access_token }), 403, 'FORBIDDEN');
  });

  it.each([
    ['size 0', { size: 0 }],
    ['a negative size', { size: -5 }],
    ['a fractional size', { size: 1.5 }],
    ['a size as a string', { size: '100' }],
    ['type image', { size: 10, type: 'image' }],
    ['an empty title', { size: 10, title: '' }],
    ['a blank title', { size: 10, title: '   ' }],
    ['a title of 256 characters', { size: 10, title: 't'.repeat(256) }],
    ['an empty filename', { size: 10, filename: '' }],
    ['no size', { size: undefined }],
    ['no title', { size: 10, title: undefined }],
  ])('%s: 422 VALIDATION_ERROR, no material', async (_, body) => {
    const u = await signedIn();
    const json = { filename: 'a.mp4', type: 'video', title: 'T', ...body };
    for (const k of Object.keys(json) as (keyof typeof json)[]) if (json[k] === undefined) delete json[k];
    expectError(await call('POST', '/api/v1/uploads', { json, token: u.access_token }), 422, 'VALIDATION_ERROR');
    expect(await materialRowsOf(u.id)).toEqual([]);
  });

  it('a body that is not JSON: 422', async () => {
    const u = await signedIn();
    expectError(
      await call('POST', '/api/v1/uploads', { body: 'size=10', headers: { 'Content-Type': 'application/json' }, token: u.access_token }),
      422,
      'VALIDATION_ERROR',
    );
  });

  it('unauthenticated: 401, no material', async () => {
    const u = await signedIn();
    await expectUnauthenticated(u, (token) => create(token, { size: 100 }));
    expect(await materialRowsOf(u.id)).toEqual([]);
  });

  it('R2 refuses to start the multipart upload: 500 UPLOAD_FAILED, no material', async () => {
    const u = await signedIn();
    const { bucket } = faultyBucket({ createMultipartUpload: true });
    expectError(await create(u.access_token, { size: 100 }, { ...SMALL_PARTS, ...withBucket(bucket) }), 500, 'UPLOAD_FAILED');
    expect(await materialRowsOf(u.id)).toEqual([]);
  });
});

describe('parts, progress and completion', () => {
  it('parts in any order; GET shows received and missing parts; progress follows the bytes; complete makes it active', async () => {
    const u = await signedIn();
    const data = mp4(2 * PART + 1000);
    const s = await created(u, { size: data.length, filename: 'film.mp4', title: 'Film', description: 'A film' });

    const p3 = await put(u.access_token, s.upload_id, 3, slice(data, 3));
    expectPartOk(p3);
    expect(p3.body).toMatchObject({
      uploaded_parts: [3],
      missing_parts: [1, 2],
      bytes_received: 1000,
      progress: Math.floor((1000 * 100) / data.length),
    });

    const p1 = await put(u.access_token, s.upload_id, 1, slice(data, 1));
    expectPartOk(p1);
    const received = PART + 1000;
    const pct = Math.floor((received * 100) / data.length);
    expect(pct).toBeGreaterThan(0);
    expect(p1.body).toMatchObject({ uploaded_parts: [1, 3], missing_parts: [2], bytes_received: received, progress: pct });

    const seen = await get(u.access_token, s.upload_id);
    expect(seen.status).toBe(200);
    expect(seen.body).toEqual(p1.body);
    const st = await uploadStatus(u.access_token, s.material_id);
    expect(st.body).toMatchObject({ material_id: s.material_id, status: 'processing', progress: pct });

    const p2 = await put(u.access_token, s.upload_id, 2, slice(data, 2));
    expect(p2.body).toMatchObject({ uploaded_parts: [1, 2, 3], missing_parts: [], bytes_received: data.length });
    expect(p2.body.progress).toBeLessThan(100);
    expect((await uploadStatus(u.access_token, s.material_id)).body.progress).toBeLessThan(100);

    const done = await complete(u.access_token, s.upload_id);
    expect(done.status, done.text).toBe(200);
    expect(Object.keys(done.body).sort()).toEqual(MATERIAL_KEYS);
    expect(done.body).toMatchObject({
      id: s.material_id,
      title: 'Film',
      description: 'A film',
      type: 'video',
      file_format: 'mp4',
      file_size: data.length,
      uploader_id: u.id,
      status: 'active',
      view_count: 0,
      like_count: 0,
      thumbnail_path: null,
    });
    expect(done.body.created_at).toMatch(ISO_NAIVE);
    expect(done.body.file_path).toMatch(new RegExp(`^materials/${u.id}/`));

    expect((await uploadStatus(u.access_token, s.material_id)).body).toMatchObject({ status: 'active', progress: 100 });
    expect((await get(u.access_token, s.upload_id)).body).toMatchObject({ status: 'completed', progress: 100 });
    const file = await fetchRaw(`/api/v1/materials/${s.material_id}/file`);
    expect(file.status).toBe(200);
    expect(file.headers.get('Content-Type')).toBe('video/mp4');
    expect(await digest(new Uint8Array(await file.arrayBuffer()))).toBe(await digest(data));
    const listed = await call('GET', '/api/v1/materials?page_size=100');
    expect(listed.body.items.map((m: { id: number }) => m.id)).toContain(s.material_id);
  });

  it('a WebM announced as video is stored and served as WebM', async () => {
    const u = await signedIn();
    const data = webm(PART + 10);
    const s = await created(u, { size: data.length, filename: 'clip.webm' });
    for (const n of [1, 2]) expectPartOk(await put(u.access_token, s.upload_id, n, slice(data, n)));
    const done = await complete(u.access_token, s.upload_id);
    expect(done.body).toMatchObject({ type: 'video', file_format: 'webm' });
    const file = await fetchRaw(`/api/v1/materials/${s.material_id}/file`, { Range: 'bytes=0-3' });
    expect(file.status).toBe(206);
    expect(file.headers.get('Content-Type')).toBe('video/webm');
  });

  it('a small PDF in one part', async () => {
    const u = await signedIn();
    const data = pdf(777);
    const s = await created(u, { size: data.length, type: 'pdf', filename: 'notes.pdf', title: 'Notes' });
    expect(s.total_parts).toBe(1);
    expectPartOk(await put(u.access_token, s.upload_id, 1, data));
    const done = await complete(u.access_token, s.upload_id);
    expect(done.body).toMatchObject({ type: 'pdf', file_format: 'pdf', file_size: 777, status: 'active' });
    const file = await fetchRaw(`/api/v1/materials/${s.material_id}/file`);
    expect(await digest(new Uint8Array(await file.arrayBuffer()))).toBe(await digest(data));
  });

  it('parts sent in parallel are all recorded', async () => {
    const u = await signedIn();
    const data = mp4(3 * PART);
    const s = await created(u, { size: data.length });
    const results = await Promise.all([1, 2, 3].map((n) => put(u.access_token, s.upload_id, n, slice(data, n))));
    for (const r of results) expectPartOk(r);
    const seen = await get(u.access_token, s.upload_id);
    expect(seen.body).toMatchObject({ uploaded_parts: [1, 2, 3], missing_parts: [], bytes_received: data.length });
    expect((await materialRow(s.material_id))?.bytesReceived).toBe(data.length);
    expect((await complete(u.access_token, s.upload_id)).status).toBe(200);
  });

  it('sending a part again replaces it', async () => {
    const u = await signedIn();
    const first = mp4(PART + 100, 1);
    const second = mp4(PART + 100, 2);
    const s = await created(u, { size: first.length });
    expectPartOk(await put(u.access_token, s.upload_id, 1, slice(first, 1)));
    expectPartOk(await put(u.access_token, s.upload_id, 2, slice(first, 2)));
    const again = await put(u.access_token, s.upload_id, 2, slice(second, 2));
    expectPartOk(again);
    expect(again.body).toMatchObject({ uploaded_parts: [1, 2], bytes_received: first.length });
    expect((await complete(u.access_token, s.upload_id)).status).toBe(200);
    const tail = await fetchRaw(`/api/v1/materials/${s.material_id}/file`, { Range: 'bytes=-100' });
    expect(await digest(new Uint8Array(await tail.arrayBuffer()))).toBe(await digest(second.slice(-100)));
  });

  it('after completion the thumbnail is pending until the job gives it a placeholder', async () => {
    const u = await signedIn();
    const data = pdf(100);
    const s = await created(u, { size: 100, type: 'pdf' });
    await put(u.access_token, s.upload_id, 1, data);
    await complete(u.access_token, s.upload_id);
    const before = await call('GET', `/api/v1/upload/thumbnail-status/${s.material_id}`, { token: u.access_token });
    expect(before.body).toMatchObject({ thumbnail_status: 'pending', has_thumbnail: false });
    await runThumbnailJob();
    const after = await call('GET', `/api/v1/upload/thumbnail-status/${s.material_id}`, { token: u.access_token });
    expect(after.body).toEqual({
      material_id: s.material_id,
      thumbnail_status: 'failed',
      thumbnail_path: `thumbnails/${s.material_id}.svg`,
      has_thumbnail: true,
    });
  });
});

describe('refused parts', () => {
  it('a part whose length is not the part’s size: 400 VALIDATION_ERROR, nothing recorded', async () => {
    const u = await signedIn();
    const data = mp4(PART + 100);
    const s = await created(u, { size: data.length });
    expectError(await put(u.access_token, s.upload_id, 1, data.slice(0, PART - 1)), 400, 'VALIDATION_ERROR');
    expectError(await put(u.access_token, s.upload_id, 2, data.slice(PART - 1)), 400, 'VALIDATION_ERROR');
    expectError(await put(u.access_token, s.upload_id, 2, new Uint8Array(0)), 400, 'VALIDATION_ERROR');
    expect((await get(u.access_token, s.upload_id)).body).toMatchObject({ uploaded_parts: [], bytes_received: 0 });
  });

  it('a part without Content-Length (streamed): 400', async () => {
    const u = await signedIn();
    const data = pdf(100);
    const s = await created(u, { size: 100, type: 'pdf' });
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(data);
        c.close();
      },
    });
    const res = await fetchRawPut(u.access_token, `/api/v1/uploads/${s.upload_id}/parts/1`, stream);
    expect(res.status).toBe(400);
    expect((await get(u.access_token, s.upload_id)).body.uploaded_parts).toEqual([]);
  });

  it.each(['0', '4', '-1', 'x', '1.5', '10001'])('part number %s: 422', async (n) => {
    const u = await signedIn();
    const s = await created(u, { size: 2 * PART + 1 });
    expectError(await put(u.access_token, s.upload_id, n, new Uint8Array(1)), 422, 'VALIDATION_ERROR');
  });

  it.each([
    ['an mp4 announced as pdf', 'pdf', () => mp4(1000)],
    ['a pdf announced as video', 'video', () => pdf(1000)],
    ['text announced as video', 'video', () => text(1000)],
    ['text announced as pdf', 'pdf', () => text(1000)],
    ['a Matroska file announced as video', 'video', () => matroska(1000)],
  ])('part 1 is sniffed: %s is 415 UNSUPPORTED_FILE_TYPE, nothing recorded', async (_, type, file) => {
    const u = await signedIn();
    const s = await created(u, { size: 1000, type });
    expectError(await put(u.access_token, s.upload_id, 1, file()), 415, 'UNSUPPORTED_FILE_TYPE');
    expect((await get(u.access_token, s.upload_id)).body).toMatchObject({ status: 'open', uploaded_parts: [], bytes_received: 0 });
    expectError(await complete(u.access_token, s.upload_id), 400);
  });

  it('complete with parts missing: 400 VALIDATION_ERROR naming them; the session stays open', async () => {
    const u = await signedIn();
    const data = mp4(2 * PART + 1);
    const s = await created(u, { size: data.length });
    await put(u.access_token, s.upload_id, 2, slice(data, 2));
    const res = await complete(u.access_token, s.upload_id);
    expectError(res, 400, 'VALIDATION_ERROR');
    expect(res.body.error.message).toMatch(/1, 3/);
    expect((await get(u.access_token, s.upload_id)).body).toMatchObject({ status: 'open', missing_parts: [1, 3] });
    expect((await materialRow(s.material_id))?.status).toBe('processing');
  });

  it('a completed session takes no more parts, completions or aborts: 400 INVALID_STATUS', async () => {
    const u = await signedIn();
    const data = pdf(50);
    const s = await created(u, { size: 50, type: 'pdf' });
    await put(u.access_token, s.upload_id, 1, data);
    expect((await complete(u.access_token, s.upload_id)).status).toBe(200);
    expectError(await complete(u.access_token, s.upload_id), 400, 'INVALID_STATUS');
    expectError(await put(u.access_token, s.upload_id, 1, data), 400, 'INVALID_STATUS');
    expectError(await abort(u.access_token, s.upload_id), 400, 'INVALID_STATUS');
    expect((await materialRow(s.material_id))?.status).toBe('active');
  });

  it('parallel completions never fail: each answers the active material or 400 INVALID_STATUS', async () => {
    const u = await signedIn();
    for (let round = 0; round < 6; round++) {
      const data = pdf(50 + round);
      const s = await created(u, { size: data.length, type: 'pdf' });
      await put(u.access_token, s.upload_id, 1, data);
      const all = await Promise.all([1, 2, 3].map(() => complete(u.access_token, s.upload_id)));
      const ok = all.filter((r) => r.status === 200);
      expect(ok.length, all.map((r) => r.text).join('\n')).toBeGreaterThanOrEqual(1);
      for (const r of ok) expect(r.body).toMatchObject({ id: s.material_id, status: 'active', file_size: data.length });
      for (const r of all.filter((x) => x.status !== 200)) expectError(r, 400, 'INVALID_STATUS');
      expect(await sessionRow(s.upload_id)).toMatchObject({ status: 'completed' });
      const file = await fetchRaw(`/api/v1/materials/${s.material_id}/file`);
      expect(await digest(new Uint8Array(await file.arrayBuffer()))).toBe(await digest(data));
    }
  });

  it('a completion cut short after R2 assembled the file (D1 not updated) can be completed again', async () => {
    const u = await signedIn();
    const data = mp4(PART + 20);
    const s = await created(u, { size: data.length });
    for (const n of [1, 2]) expectPartOk(await put(u.access_token, s.upload_id, n, slice(data, n)));
    const session = (await sessionRow(s.upload_id))!;
    const parts = await testDeps()
      .db.select()
      .from(uploadParts)
      .where(eq(uploadParts.sessionId, s.upload_id))
      .orderBy(uploadParts.partNumber)
      .all();
    await env.FILES.resumeMultipartUpload(session.fileKey, session.r2UploadId).complete(
      parts.map((p) => ({ partNumber: p.partNumber, etag: p.etag })),
    );
    expect((await materialRow(s.material_id))?.status).toBe('processing');
    const done = await complete(u.access_token, s.upload_id);
    expect(done.status, done.text).toBe(200);
    expect(done.body).toMatchObject({ status: 'active', file_size: data.length });
  });
});

describe('DELETE /api/v1/uploads/{id} (abort)', () => {
  it('204: the session is aborted, the material hidden; nothing more is accepted', async () => {
    const u = await signedIn();
    const data = mp4(PART + 10);
    const s = await created(u, { size: data.length });
    await put(u.access_token, s.upload_id, 1, slice(data, 1));
    const res = await abort(u.access_token, s.upload_id);
    expect(res.status, res.text).toBe(204);
    expect(await sessionRow(s.upload_id)).toMatchObject({ status: 'aborted' });
    expect(await materialRow(s.material_id)).toMatchObject({ status: 'hidden', fileKey: null });
    expect((await get(u.access_token, s.upload_id)).body).toMatchObject({ status: 'aborted' });
    expectError(await put(u.access_token, s.upload_id, 2, slice(data, 2)), 400, 'INVALID_STATUS');
    expectError(await complete(u.access_token, s.upload_id), 400, 'INVALID_STATUS');
    expectError(await abort(u.access_token, s.upload_id), 400, 'INVALID_STATUS');
    expect((await uploadStatus(u.access_token, s.material_id)).body).toMatchObject({ status: 'hidden', progress: 100 });
  });

  it('DELETE /api/v1/upload/{material_id} on an open session aborts it too', async () => {
    const u = await signedIn();
    const s = await created(u, { size: PART + 10 });
    expect((await call('DELETE', `/api/v1/upload/${s.material_id}`, { token: u.access_token })).status).toBe(204);
    expect(await sessionRow(s.upload_id)).toMatchObject({ status: 'aborted' });
    expect((await materialRow(s.material_id))?.status).toBe('hidden');
    expectError(await put(u.access_token, s.upload_id, 2, new Uint8Array(10)), 400, 'INVALID_STATUS');
  });

  it('DELETE /api/v1/materials/{material_id} (hide) on an open session stops the upload too', async () => {
    const u = await signedIn();
    const data = pdf(PART + 10);
    const s = await created(u, { size: data.length, type: 'pdf' });
    expectPartOk(await put(u.access_token, s.upload_id, 1, slice(data, 1)));
    expect((await call('DELETE', `/api/v1/materials/${s.material_id}`, { token: u.access_token })).status).toBe(204);
    expect(await sessionRow(s.upload_id)).toMatchObject({ status: 'aborted' });
    expectError(await put(u.access_token, s.upload_id, 2, slice(data, 2)), 400, 'INVALID_STATUS');
    expectError(await complete(u.access_token, s.upload_id), 400, 'INVALID_STATUS');
    expect((await materialRow(s.material_id))?.status).toBe('hidden');
    const session = (await sessionRow(s.upload_id))!;
    expect(await objectExists(session.fileKey)).toBe(false);
  });
});

describe('permissions', () => {
  it('another user: 403 FORBIDDEN on every operation, the session unchanged', async () => {
    const owner = await signedIn();
    const data = mp4(PART + 10);
    const s = await created(owner, { size: data.length });
    await put(owner.access_token, s.upload_id, 1, slice(data, 1));
    const before = (await get(owner.access_token, s.upload_id)).body;
    for (const role of ['student', 'teacher'] as const) {
      const other = await signedIn(role);
      expectError(await get(other.access_token, s.upload_id), 403, 'FORBIDDEN');
      expectError(await put(other.access_token, s.upload_id, 2, slice(data, 2)), 403, 'FORBIDDEN');
      expectError(await put(other.access_token, s.upload_id, 1, slice(data, 1)), 403, 'FORBIDDEN');
      expectError(await complete(other.access_token, s.upload_id), 403, 'FORBIDDEN');
      expectError(await abort(other.access_token, s.upload_id), 403, 'FORBIDDEN');
      expectError(await call('GET', `/api/v1/upload/status/${s.material_id}`, { token: other.access_token }), 403, 'FORBIDDEN');
    }
    expect((await get(owner.access_token, s.upload_id)).body).toEqual(before);
    expect((await materialRow(s.material_id))?.status).toBe('processing');
  });

  it('an administrator may look at someone’s session', async () => {
    const owner = await signedIn();
    const s = await created(owner, { size: 100, type: 'pdf' });
    for (const role of ['admin', 'sysadmin'] as const) {
      const res = await get((await signedIn(role)).access_token, s.upload_id);
      expect(res.status, role).toBe(200);
      expect(res.body.upload_id).toBe(s.upload_id);
    }
  });

  it('unauthenticated: 401 on every operation, the session unchanged', async () => {
    const owner = await signedIn();
    const data = pdf(100);
    const s = await created(owner, { size: 100, type: 'pdf' });
    await expectUnauthenticated(owner, (t) => get(t, s.upload_id));
    await expectUnauthenticated(owner, (t) => put(t, s.upload_id, 1, data));
    await expectUnauthenticated(owner, (t) => complete(t, s.upload_id));
    await expectUnauthenticated(owner, (t) => abort(t, s.upload_id));
    expect((await get(owner.access_token, s.upload_id)).body).toMatchObject({ status: 'open', uploaded_parts: [] });
  });

  it('an unknown session: 404; an id that is not a UUID: 422', async () => {
    const u = await signedIn();
    const unknown = crypto.randomUUID();
    expectError(await get(u.access_token, unknown), 404, 'NOT_FOUND');
    expectError(await put(u.access_token, unknown, 1, new Uint8Array(1)), 404, 'NOT_FOUND');
    expectError(await complete(u.access_token, unknown), 404, 'NOT_FOUND');
    expectError(await abort(u.access_token, unknown), 404, 'NOT_FOUND');
    expectError(await get(u.access_token, 'not-a-uuid'), 422, 'VALIDATION_ERROR');
  });
});

describe('storage failures', () => {
  it('R2 refuses a part: 500 UPLOAD_FAILED, the part is not recorded; sent again it is', async () => {
    const u = await signedIn();
    const data = mp4(PART + 10);
    const s = await created(u, { size: data.length });
    const { bucket } = faultyBucket({ uploadPartFrom: 1 });
    expectError(await put(u.access_token, s.upload_id, 1, slice(data, 1), { env: withBucket(bucket) }), 500, 'UPLOAD_FAILED');
    expect((await get(u.access_token, s.upload_id)).body).toMatchObject({ uploaded_parts: [], bytes_received: 0 });
    expectPartOk(await put(u.access_token, s.upload_id, 1, slice(data, 1)));
    expectPartOk(await put(u.access_token, s.upload_id, 2, slice(data, 2)));
    expect((await complete(u.access_token, s.upload_id)).status).toBe(200);
  });

  it('R2 refuses to assemble: 500 UPLOAD_FAILED, still open and processing; completing again works', async () => {
    const u = await signedIn();
    const data = pdf(300);
    const s = await created(u, { size: 300, type: 'pdf' });
    await put(u.access_token, s.upload_id, 1, data);
    const { bucket } = faultyBucket({ complete: true });
    expectError(await complete(u.access_token, s.upload_id, withBucket(bucket)), 500, 'UPLOAD_FAILED');
    expect(await sessionRow(s.upload_id)).toMatchObject({ status: 'open' });
    expect((await materialRow(s.material_id))?.status).toBe('processing');
    const done = await complete(u.access_token, s.upload_id);
    expect(done.status, done.text).toBe(200);
    expect(await objectExists(done.body.file_path)).toBe(true);
  });
});

/** A PUT whose body is a stream (so no Content-Length is sent). */
function fetchRawPut(token: string, path: string, body: ReadableStream<Uint8Array>): Promise<Response> {
  return fetchRawRequest(
    new Request(`http://localhost${path}`, {
      method: 'PUT',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream' },
      body,
      // @ts-expect-error: duplex is needed for a streamed request body
      duplex: 'half',
    }),
  );
}

function fetchRawRequest(request: Request): Promise<Response> {
  return exports.default.fetch(request);
}
