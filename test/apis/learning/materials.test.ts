/**
 * GET /api/v1/materials, GET/DELETE /api/v1/materials/{id}, POST /api/v1/materials/{id}/like,
 * GET /api/v1/materials/{id}/file and /thumbnail, and the thumbnail job.
 */
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { materials } from '../../../src/db/schema';
import { testDeps } from '../../helpers/deps';
import { call } from '../../helpers/http';
import {
  digest,
  expectUnauthenticated,
  expiredToken,
  fetchRaw,
  jpeg,
  likeRows,
  materialRow,
  mp4,
  objectExists,
  pdf,
  png,
  revokedToken,
  runThumbnailJob,
  setMaterial,
  signedIn,
  uploaded,
  webm,
  webp,
  type SignedIn,
  MATERIAL_KEYS,
} from './fixtures';
import { expectError, ISO_NAIVE } from './support';

const LIST_ITEM_KEYS = [...MATERIAL_KEYS, 'is_liked', 'uploader_avatar', 'uploader_name'].sort();
const DETAIL_KEYS = [...LIST_ITEM_KEYS, 'related_materials'].sort();
const RELATED_KEYS = ['id', 'like_count', 'thumbnail_path', 'title', 'type', 'view_count'];

type Item = Record<string, any>;

const list = (query = '', token?: string) => call('GET', `/api/v1/materials${query}`, { token });
const detail = (id: number, token?: string) => call('GET', `/api/v1/materials/${id}`, { token });
const like = (id: number, token?: string) => call('POST', `/api/v1/materials/${id}/like`, { token });
const remove = (id: number, token?: string) => call('DELETE', `/api/v1/materials/${id}`, { token });

/** Every page of a listing, walked with the given page size. */
async function allPages(query: string, pageSize: number, token?: string): Promise<{ items: Item[]; total: number; pages: number }> {
  const items: Item[] = [];
  const first = await list(`?${query}&page=1&page_size=${pageSize}`, token);
  expect(first.status, first.text).toBe(200);
  const { total, total_pages } = first.body;
  expect(total_pages).toBe(Math.ceil(total / pageSize));
  items.push(...first.body.items);
  for (let page = 2; page <= total_pages; page++) {
    const res = await list(`?${query}&page=${page}&page_size=${pageSize}`, token);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ total, page, page_size: pageSize, total_pages });
    items.push(...res.body.items);
  }
  return { items, total, pages: total_pages };
}

const activeRows = (type?: 'video' | 'pdf') =>
  testDeps()
    .db.select()
    .from(materials)
    .where(and(eq(materials.status, 'active'), type ? eq(materials.type, type) : undefined))
    .all();

/** A few materials of one uploader, some hidden, one processing. */
async function catalogue(owner: SignedIn) {
  const videos: Item[] = [];
  for (let i = 0; i < 4; i++)
    videos.push(await uploaded(owner.access_token, { file: i % 2 ? webm(2000 + i) : mp4(2000 + i), title: `Catalogue video ${i}` }));
  const pdfs: Item[] = [];
  for (let i = 0; i < 3; i++) pdfs.push(await uploaded(owner.access_token, { file: pdf(3000 + i), title: `Catalogue pdf ${i}` }));
  const hidden = await uploaded(owner.access_token, { file: mp4(), title: 'Catalogue hidden' });
  expect((await remove(hidden.id, owner.access_token)).status).toBe(204);
  const processing = await uploaded(owner.access_token, { file: pdf(), title: 'Catalogue processing' });
  await setMaterial(processing.id, { status: 'processing' });
  return { videos, pdfs, hidden, processing };
}

describe('GET /api/v1/materials', () => {
  it('defaults: page 1, 20 per page, newest first, with the documented item fields', async () => {
    const owner = await signedIn('teacher', { name: 'Ada Lovelace', avatarUrl: 'https://example.com/ada.png' });
    const { pdfs } = await catalogue(owner);
    const res = await list();
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['items', 'page', 'page_size', 'total', 'total_pages']);
    expect(res.body).toMatchObject({ page: 1, page_size: 20 });
    const total = (await activeRows()).length;
    expect(res.body.total).toBe(total);
    expect(res.body.total_pages).toBe(Math.ceil(total / 20));
    const newest = res.body.items[0];
    expect(Object.keys(newest).sort()).toEqual(LIST_ITEM_KEYS);
    expect(newest).toMatchObject({
      id: pdfs[2]!.id,
      title: 'Catalogue pdf 2',
      type: 'pdf',
      file_format: 'pdf',
      file_size: 3002,
      uploader_id: owner.id,
      uploader_name: 'Ada Lovelace',
      uploader_avatar: 'https://example.com/ada.png',
      is_liked: false,
      status: 'active',
      view_count: 0,
      like_count: 0,
    });
    expect(newest.created_at).toMatch(ISO_NAIVE);
    const created = res.body.items.map((m: Item) => m.created_at);
    expect([...created].sort().reverse()).toEqual(created);
  });

  it('lists only active materials: hidden and processing ones are left out, and not counted', async () => {
    const owner = await signedIn();
    const { hidden, processing, videos } = await catalogue(owner);
    const { items, total } = await allPages('', 100);
    const ids = items.map((m) => m.id);
    expect(ids).not.toContain(hidden.id);
    expect(ids).not.toContain(processing.id);
    expect(ids).toContain(videos[0]!.id);
    expect(total).toBe(items.length);
    expect(new Set(ids).size).toBe(ids.length);
    expect(items.every((m) => m.status === 'active')).toBe(true);
    expect(new Set(ids)).toEqual(new Set((await activeRows()).map((r) => r.id)));
  });

  it('pages cover every active material exactly once, and total_pages = ceil(total / page_size)', async () => {
    await catalogue(await signedIn());
    const everything = (await activeRows()).map((r) => r.id).sort((a, b) => a - b);
    for (const size of [1, 3, 7]) {
      const { items, total, pages } = await allPages('sort_by=created_at&sort_order=asc', size);
      expect(total).toBe(everything.length);
      expect(pages).toBe(Math.ceil(everything.length / size));
      expect(items.map((m) => m.id).sort((a, b) => a - b)).toEqual(everything);
    }
    const past = await list(`?page=${Math.ceil(everything.length / 3) + 1}&page_size=3`);
    expect(past.status).toBe(200);
    expect(past.body.items).toEqual([]);
    expect(past.body.total).toBe(everything.length);
  });

  it('page_size 100 is allowed', async () => {
    const res = await list('?page_size=100');
    expect(res.status).toBe(200);
    expect(res.body.page_size).toBe(100);
  });

  it.each(['view_count', 'like_count', 'created_at'] as const)(
    'sorts by %s in both directions, across pages, ties included',
    async (key) => {
      const owner = await signedIn();
      const { videos, pdfs } = await catalogue(owner);
      // Distinct values and ties.
      const all = [...videos, ...pdfs];
      for (const [i, m] of all.entries()) await setMaterial(m.id, { viewCount: (i * 7) % 4, likeCount: (i * 5) % 3 });
      const field = key;
      for (const order of ['asc', 'desc'] as const) {
        const { items } = await allPages(`sort_by=${key}&sort_order=${order}`, 4);
        const values = items.map((m) => m[field]);
        const sorted = [...values].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        expect(values, `${key} ${order}`).toEqual(order === 'asc' ? sorted : sorted.reverse());
        expect(new Set(items.map((m) => m.id)).size).toBe(items.length);
      }
    },
  );

  it('filters by material_type', async () => {
    await catalogue(await signedIn());
    for (const type of ['video', 'pdf'] as const) {
      const { items, total } = await allPages(`material_type=${type}`, 100);
      expect(items.length).toBeGreaterThan(0);
      expect(items.every((m) => m.type === type)).toBe(true);
      expect(total).toBe((await activeRows(type)).length);
    }
  });

  it('is_liked is true only for the caller who liked it, false without a token', async () => {
    const owner = await signedIn();
    const fan = await signedIn();
    const m = await uploaded(owner.access_token, { file: pdf(), title: 'Liked one' });
    const other = await uploaded(owner.access_token, { file: pdf(), title: 'Not liked' });
    expect((await like(m.id, fan.access_token)).body.is_liked).toBe(true);
    const find = (items: Item[], id: number) => items.find((i) => i.id === id);
    const asFan = (await allPages('', 100, fan.access_token)).items;
    expect(find(asFan, m.id)).toMatchObject({ is_liked: true, like_count: 1 });
    expect(find(asFan, other.id)).toMatchObject({ is_liked: false });
    expect(find((await allPages('', 100, owner.access_token)).items, m.id)).toMatchObject({ is_liked: false, like_count: 1 });
    expect(find((await allPages('', 100)).items, m.id)).toMatchObject({ is_liked: false, like_count: 1 });
  });

  it.each([
    'page=0',
    'page=-1',
    'page=abc',
    'page=1.5',
    'page_size=0',
    'page_size=101',
    'page_size=x',
    'sort_by=title',
    'sort_by=',
    'sort_order=up',
    'sort_order=DESC',
    'page=0&material_type=doc',
  ])('?%s: 422 VALIDATION_ERROR', async (query) => {
    expectError(await list(`?${query}`), 422, 'VALIDATION_ERROR');
  });

  it.each(['doc', 'image', 'VIDEO', ' pdf', 'video,pdf'])('?material_type=%s: 400 INVALID_TYPE, as the document lists', async (type) => {
    const res = await list(`?material_type=${encodeURIComponent(type)}`);
    expectError(res, 400, 'INVALID_TYPE');
    expect(res.body.error).toEqual({ code: 'INVALID_TYPE', message: 'Invalid material type: must be video or pdf', details: {} });
  });

  it('an empty material_type= is no filter (FastAPI gets "" and skips it)', async () => {
    await catalogue(await signedIn());
    const all = await allPages('', 100);
    const empty = await allPages('material_type=', 100);
    expect(empty.total).toBe(all.total);
    expect(new Set(empty.items.map((m) => m.type))).toEqual(new Set(['video', 'pdf']));
  });

  it('a bad token is refused (401), not treated as anonymous', async () => {
    const u = await signedIn();
    expectError(await list('', 'garbage'), 401, 'INVALID_TOKEN');
    const res = await list('', u.access_token);
    expect(res.status).toBe(200);
  });
});

describe('GET /api/v1/materials/{id}', () => {
  it('answers the documented fields with related materials; each call counts one view; no token needed', async () => {
    const owner = await signedIn('teacher', { name: 'Grace Hopper' });
    const m = await uploaded(owner.access_token, { file: mp4(), title: 'Detail', description: 'About it' });
    const first = await detail(m.id);
    expect(first.status, first.text).toBe(200);
    expect(Object.keys(first.body).sort()).toEqual(DETAIL_KEYS);
    expect(first.body).toMatchObject({
      id: m.id,
      title: 'Detail',
      description: 'About it',
      uploader_name: 'Grace Hopper',
      uploader_avatar: null,
      is_liked: false,
      view_count: 1,
    });
    expect(Array.isArray(first.body.related_materials)).toBe(true);
    expect((await detail(m.id, owner.access_token)).body.view_count).toBe(2);
    expect((await materialRow(m.id))?.viewCount).toBe(2);
  });

  it('is_liked follows the caller', async () => {
    const owner = await signedIn();
    const fan = await signedIn();
    const m = await uploaded(owner.access_token, { file: pdf() });
    await like(m.id, fan.access_token);
    expect((await detail(m.id, fan.access_token)).body).toMatchObject({ is_liked: true, like_count: 1 });
    expect((await detail(m.id, owner.access_token)).body.is_liked).toBe(false);
    expect((await detail(m.id)).body.is_liked).toBe(false);
  });

  it('related_materials: up to 6 active materials of the same type, most liked first, never itself', async () => {
    const owner = await signedIn();
    const videos: Item[] = [];
    for (let i = 0; i < 8; i++) {
      const v = await uploaded(owner.access_token, { file: mp4(), title: `Related ${i}` });
      await setMaterial(v.id, { likeCount: 100_001 + i });
      videos.push(v);
    }
    const self = videos[7]!; // the most liked: must not be its own relative
    const hiddenVideo = await uploaded(owner.access_token, { file: mp4(), title: 'Related hidden' });
    await setMaterial(hiddenVideo.id, { likeCount: 900_000, status: 'hidden' });
    const processingVideo = await uploaded(owner.access_token, { file: mp4(), title: 'Related processing' });
    await setMaterial(processingVideo.id, { likeCount: 800_000, status: 'processing' });
    const popularPdf = await uploaded(owner.access_token, { file: pdf(), title: 'Related pdf' });
    await setMaterial(popularPdf.id, { likeCount: 700_000 });

    const res = await detail(self.id);
    expect(res.status).toBe(200);
    const related = res.body.related_materials as Item[];
    expect(related).toHaveLength(6);
    expect(related.map((r) => r.id)).toEqual([6, 5, 4, 3, 2, 1].map((i) => videos[i]!.id));
    for (const r of related) expect(Object.keys(r).sort()).toEqual(RELATED_KEYS);
    expect(related[0]).toEqual({
      id: videos[6]!.id,
      title: 'Related 6',
      type: 'video',
      thumbnail_path: null,
      view_count: 0,
      like_count: 100_007,
    });

    const ofPdf = (await detail(popularPdf.id)).body.related_materials as Item[];
    expect(ofPdf.length).toBeLessThanOrEqual(6);
    expect(ofPdf.every((r) => r.type === 'pdf' && r.id !== popularPdf.id)).toBe(true);
    const likes = ofPdf.map((r) => r.like_count);
    expect([...likes].sort((a, b) => b - a)).toEqual(likes);
    const expectedCount = Math.min(6, (await activeRows('pdf')).length - 1);
    expect(ofPdf).toHaveLength(expectedCount);
  });

  it('hidden, processing and unknown materials: 404, and no view is counted', async () => {
    const owner = await signedIn();
    const hidden = await uploaded(owner.access_token, { file: pdf() });
    await remove(hidden.id, owner.access_token);
    const processing = await uploaded(owner.access_token, { file: pdf() });
    await setMaterial(processing.id, { status: 'processing' });
    for (const m of [hidden, processing]) {
      expectError(await detail(m.id), 404, 'NOT_FOUND');
      expectError(await detail(m.id, owner.access_token), 404, 'NOT_FOUND');
      expect((await materialRow(m.id))?.viewCount).toBe(0);
    }
    expectError(await detail(99_999_999), 404, 'NOT_FOUND');
  });

  it('a non-numeric or non-positive id: 422', async () => {
    expectError(await call('GET', '/api/v1/materials/abc'), 422, 'VALIDATION_ERROR');
    expectError(await call('GET', '/api/v1/materials/0'), 422, 'VALIDATION_ERROR');
    expectError(await call('GET', '/api/v1/materials/-3'), 422, 'VALIDATION_ERROR');
  });

  it('an expired or revoked token is refused (401), not treated as anonymous', async () => {
    const owner = await signedIn();
    const m = await uploaded(owner.access_token, { file: pdf() });
    for (const token of ['garbage', await expiredToken(owner), await revokedToken(owner)])
      expectError(await detail(m.id, token), 401, 'INVALID_TOKEN');
    expect((await materialRow(m.id))?.viewCount).toBe(0);
  });
});

describe('DELETE /api/v1/materials/{id}', () => {
  it('the uploader: 204; the material is hidden (files kept), gone from the list and detail; again: 400 ALREADY_DELETED', async () => {
    const owner = await signedIn();
    const m = await uploaded(owner.access_token, { file: pdf() });
    const res = await remove(m.id, owner.access_token);
    expect(res.status, res.text).toBe(204);
    expect(res.text).toBe('');
    expect(await materialRow(m.id)).toMatchObject({ status: 'hidden', fileKey: m.file_path });
    expect(await objectExists(m.file_path)).toBe(true);
    expectError(await detail(m.id), 404, 'NOT_FOUND');
    expect((await allPages('', 100)).items.map((i) => i.id)).not.toContain(m.id);
    expectError(await remove(m.id, owner.access_token), 400, 'ALREADY_DELETED');
  });

  it.each(['student', 'teacher', 'admin', 'sysadmin'] as const)('a %s who did not upload it: 403 FORBIDDEN, unchanged', async (role) => {
    const owner = await signedIn();
    const m = await uploaded(owner.access_token, { file: pdf() });
    const before = await materialRow(m.id);
    expectError(await remove(m.id, (await signedIn(role)).access_token), 403, 'FORBIDDEN');
    expect(await materialRow(m.id)).toEqual(before);
  });

  it('unknown: 404 NOT_FOUND; unauthenticated: 401, unchanged', async () => {
    const owner = await signedIn();
    expectError(await remove(99_999_999, owner.access_token), 404, 'NOT_FOUND');
    const m = await uploaded(owner.access_token, { file: pdf() });
    const before = await materialRow(m.id);
    await expectUnauthenticated(owner, (token) => remove(m.id, token));
    expect(await materialRow(m.id)).toEqual(before);
  });
});

describe('POST /api/v1/materials/{id}/like', () => {
  it('toggles: like, then unlike; the count and the rows agree', async () => {
    const owner = await signedIn();
    const fan = await signedIn();
    const m = await uploaded(owner.access_token, { file: pdf() });
    const first = await like(m.id, fan.access_token);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ is_liked: true, like_count: 1 });
    expect(await likeRows(m.id)).toHaveLength(1);
    expect((await like(m.id, owner.access_token)).body).toEqual({ is_liked: true, like_count: 2 });
    expect((await like(m.id, fan.access_token)).body).toEqual({ is_liked: false, like_count: 1 });
    expect((await likeRows(m.id)).map((r) => r.accountId)).toEqual([owner.id]);
    expect((await materialRow(m.id))?.likeCount).toBe(1);
  });

  it('a hidden material: 400 INVALID_STATUS; unknown: 404; nothing recorded', async () => {
    const owner = await signedIn();
    const m = await uploaded(owner.access_token, { file: pdf() });
    await remove(m.id, owner.access_token);
    expectError(await like(m.id, owner.access_token), 400, 'INVALID_STATUS');
    expect(await likeRows(m.id)).toHaveLength(0);
    expect((await materialRow(m.id))?.likeCount).toBe(0);
    expectError(await like(99_999_999, owner.access_token), 404, 'NOT_FOUND');
  });

  it('unauthenticated: 401, nothing recorded', async () => {
    const owner = await signedIn();
    const m = await uploaded(owner.access_token, { file: pdf() });
    await expectUnauthenticated(owner, (token) => like(m.id, token));
    expect(await likeRows(m.id)).toHaveLength(0);
    expect((await materialRow(m.id))?.likeCount).toBe(0);
  });
});

describe('GET /api/v1/materials/{id}/file', () => {
  const bytesOf = async (r: Response) => new Uint8Array(await r.arrayBuffer());

  it('streams the whole file with its type, length, ETag and Accept-Ranges; no token needed', async () => {
    const owner = await signedIn();
    const data = mp4(70_000);
    const m = await uploaded(owner.access_token, { file: data, fileType: 'application/octet-stream' });
    const res = await fetchRaw(`/api/v1/materials/${m.id}/file`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe('video/mp4');
    expect(res.headers.get('Content-Length')).toBe('70000');
    expect(res.headers.get('Accept-Ranges')).toBe('bytes');
    expect(res.headers.get('ETag')).toMatch(/^"[^"]+"$/);
    expect(await digest(await bytesOf(res))).toBe(await digest(data));
  });

  it.each([
    ['bytes=0-99', 0, 99],
    ['bytes=100-199', 100, 199],
    ['bytes=69990-', 69_990, 69_999],
    ['bytes=-10', 69_990, 69_999],
    ['bytes=69000-99999999', 69_000, 69_999],
    ['bytes=5-5', 5, 5],
    ['bytes=-100000', 0, 69_999],
  ])('Range %s: 206 with Content-Range and exactly those bytes', async (range, start, end) => {
    const owner = await signedIn();
    const data = pdf(70_000);
    const m = await uploaded(owner.access_token, { file: data });
    const res = await fetchRaw(`/api/v1/materials/${m.id}/file`, { Range: range });
    expect(res.status).toBe(206);
    expect(res.headers.get('Content-Range')).toBe(`bytes ${start}-${end}/70000`);
    expect(res.headers.get('Content-Length')).toBe(String(end - start + 1));
    expect(res.headers.get('Content-Type')).toBe('application/pdf');
    expect(await digest(await bytesOf(res))).toBe(await digest(data.slice(start, end + 1)));
  });

  it.each(['bytes=70000-', 'bytes=80000-90000', 'bytes=-0'])(
    'unsatisfiable Range %s: 416 with Content-Range bytes */size',
    async (range) => {
      const owner = await signedIn();
      const m = await uploaded(owner.access_token, { file: pdf(70_000) });
      const res = await fetchRaw(`/api/v1/materials/${m.id}/file`, { Range: range });
      expect(res.status).toBe(416);
      expect(res.headers.get('Content-Range')).toBe('bytes */70000');
    },
  );

  it('a malformed or multi-range Range header is ignored: 200 with the whole file', async () => {
    const owner = await signedIn();
    const m = await uploaded(owner.access_token, { file: pdf(5000) });
    for (const range of ['bytes=0-1,5-9', 'items=0-5', 'bytes=abc']) {
      const res = await fetchRaw(`/api/v1/materials/${m.id}/file`, { Range: range });
      expect(res.status, range).toBe(200);
      expect((await bytesOf(res)).byteLength).toBe(5000);
    }
  });

  it('If-None-Match with the ETag: 304 without a body; another ETag: 200', async () => {
    const owner = await signedIn();
    const m = await uploaded(owner.access_token, { file: webm(9000) });
    const etag = (await fetchRaw(`/api/v1/materials/${m.id}/file`)).headers.get('ETag')!;
    for (const inm of [etag, `W/${etag}`, `"nope", ${etag}`, '*']) {
      const res = await fetchRaw(`/api/v1/materials/${m.id}/file`, { 'If-None-Match': inm });
      expect(res.status, inm).toBe(304);
      expect(res.headers.get('ETag')).toBe(etag);
      expect((await bytesOf(res)).byteLength).toBe(0);
    }
    const other = await fetchRaw(`/api/v1/materials/${m.id}/file`, { 'If-None-Match': '"something-else"' });
    expect(other.status).toBe(200);
    expect(other.headers.get('Content-Type')).toBe('video/webm');
  });

  it('HEAD: the headers without a body', async () => {
    const owner = await signedIn();
    const m = await uploaded(owner.access_token, { file: pdf(4321) });
    const res = await fetchRaw(`/api/v1/materials/${m.id}/file`, {}, 'HEAD');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Length')).toBe('4321');
    expect((await bytesOf(res)).byteLength).toBe(0);
  });

  it('hidden, processing, deleted and unknown materials: 404 in the envelope', async () => {
    const owner = await signedIn();
    const hidden = await uploaded(owner.access_token, { file: pdf() });
    await remove(hidden.id, owner.access_token);
    const processing = await uploaded(owner.access_token, { file: pdf() });
    await setMaterial(processing.id, { status: 'processing' });
    const deleted = await uploaded(owner.access_token, { file: pdf() });
    expect((await call('DELETE', `/api/v1/upload/${deleted.id}`, { token: owner.access_token })).status).toBe(204);
    for (const id of [hidden.id, processing.id, deleted.id, 99_999_999]) {
      expectError(await call('GET', `/api/v1/materials/${id}/file`), 404, 'NOT_FOUND');
      expectError(await call('GET', `/api/v1/materials/${id}/file`, { token: owner.access_token }), 404, 'NOT_FOUND');
    }
  });
});

describe('GET /api/v1/materials/{id}/thumbnail and the thumbnail job', () => {
  const bytesOf = async (r: Response) => new Uint8Array(await r.arrayBuffer());

  it('without a sent image: an SVG placeholder, then the job stores it, marks it failed, and it is served from R2', async () => {
    const owner = await signedIn();
    const m = await uploaded(owner.access_token, { file: mp4(), title: 'Fish & <Chips>' });
    const before = await fetchRaw(`/api/v1/materials/${m.id}/thumbnail`);
    expect(before.status).toBe(200);
    expect(before.headers.get('Content-Type')).toBe('image/svg+xml');
    const svg = await before.text();
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('Fish &amp; &lt;Chips&gt;');
    expect(svg).not.toContain('<Chips>');

    await runThumbnailJob();
    const row = await materialRow(m.id);
    expect(row).toMatchObject({ thumbnailStatus: 'failed', thumbnailKey: `thumbnails/${m.id}.svg` });
    expect(await objectExists(`thumbnails/${m.id}.svg`)).toBe(true);
    const after = await fetchRaw(`/api/v1/materials/${m.id}/thumbnail`);
    expect(after.status).toBe(200);
    expect(after.headers.get('Content-Type')).toBe('image/svg+xml');
    expect(after.headers.get('ETag')).toBeTruthy();
    expect(await after.text()).toBe(svg);
    expect((await detail(m.id)).body.thumbnail_path).toBe(`thumbnails/${m.id}.svg`);
  });

  it.each([
    ['png', png, 'image/png'],
    ['jpeg', jpeg, 'image/jpeg'],
    ['webp', webp, 'image/webp'],
  ])('a sent %s is served with its type, ranges and ETag', async (_, image, contentType) => {
    const owner = await signedIn();
    const thumb = image(3000);
    const m = await uploaded(owner.access_token, { file: pdf(), thumbnail: thumb });
    const res = await fetchRaw(`/api/v1/materials/${m.id}/thumbnail`);
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toBe(contentType);
    expect(await digest(await bytesOf(res))).toBe(await digest(thumb));
    const part = await fetchRaw(`/api/v1/materials/${m.id}/thumbnail`, { Range: 'bytes=-16' });
    expect(part.status).toBe(206);
    expect(part.headers.get('Content-Range')).toBe('bytes 2984-2999/3000');
    const etag = res.headers.get('ETag')!;
    expect((await fetchRaw(`/api/v1/materials/${m.id}/thumbnail`, { 'If-None-Match': etag })).status).toBe(304);
    await runThumbnailJob();
    expect(await materialRow(m.id)).toMatchObject({ thumbnailStatus: 'completed', thumbnailKey: m.thumbnail_path });
    expect(await digest(await bytesOf(await fetchRaw(`/api/v1/materials/${m.id}/thumbnail`)))).toBe(await digest(thumb));
  });

  it('the job leaves hidden and processing materials alone', async () => {
    const owner = await signedIn();
    const hidden = await uploaded(owner.access_token, { file: pdf() });
    await remove(hidden.id, owner.access_token);
    const processing = await uploaded(owner.access_token, { file: pdf() });
    await setMaterial(processing.id, { status: 'processing' });
    await runThumbnailJob();
    for (const m of [hidden, processing]) {
      expect(await materialRow(m.id)).toMatchObject({ thumbnailStatus: 'pending', thumbnailKey: null });
      expect(await objectExists(`thumbnails/${m.id}.svg`)).toBe(false);
    }
  });

  it('hidden and unknown materials: 404', async () => {
    const owner = await signedIn();
    const m = await uploaded(owner.access_token, { file: pdf(), thumbnail: png() });
    await remove(m.id, owner.access_token);
    expectError(await call('GET', `/api/v1/materials/${m.id}/thumbnail`), 404, 'NOT_FOUND');
    expectError(await call('GET', '/api/v1/materials/99999999/thumbnail'), 404, 'NOT_FOUND');
  });
});
