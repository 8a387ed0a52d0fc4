import { describe, expect, it } from 'vitest';
import { call, type CallResult } from '../helpers/http';
import { signedIn, uploaded } from '../apis/learning/fixtures';
import { makeDepartment } from '../apis/progress/support';
import { api, expectOk, instructor, learner, newCourse, publishedCourse } from '../apis/personal-center/support';

/**
 * Every anonymous JSON read of the five APIs (docs/caching.md), with the max-age it is given. The
 * material detail counts a view on every read, so each read is a new version: its own test below.
 */
const MATERIAL_DETAIL = async () => `/api/v1/materials/${(await uploaded((await signedIn()).access_token)).id}`;
const PUBLIC_READS: [path: () => Promise<string>, maxAge: number][] = [
  [async () => '/api/categories', 300],
  [async () => '/api/courses?page=1&page_size=5', 60],
  [async () => `/api/courses/${(await publishedCourse(await instructor())).course_id}`, 60],
  [async () => '/api/v1/materials?page_size=5', 30],
  [MATERIAL_DETAIL, 0],
  [async () => '/api/departments', 300],
];
const REVALIDATED_READS = PUBLIC_READS.filter(([path]) => path !== MATERIAL_DETAIL);

const get = (path: string, headers: Record<string, string> = {}, token?: string) => call('GET', path, { headers, token });

function expectPublic(res: CallResult, maxAge: number) {
  expect(res.status, res.text).toBe(200);
  expect(res.headers.get('ETag')).toMatch(/^W\/"[\w-]{22}"$/);
  expect(res.headers.get('Cache-Control')).toBe(
    maxAge > 0 ? `public, max-age=${maxAge}, stale-while-revalidate=${maxAge * 5}` : 'public, no-cache',
  );
  expect(res.headers.get('Vary')).toMatch(/\bAuthorization\b/);
}

describe('public JSON reads: Cache-Control, ETag, If-None-Match', () => {
  it.each(REVALIDATED_READS.map(([p, maxAge], i) => [i, p, maxAge] as const))(
    'read #%i: public headers, then 304 with an empty body for its tag, a list, W/ and *',
    async (_i, path, maxAge) => {
      const url = await path();
      const first = await get(url);
      expectPublic(first, maxAge);
      const etag = first.headers.get('ETag')!;
      for (const inm of [etag, `"other", ${etag}`, etag.replace(/^W\//, ''), '*']) {
        const again = await get(url, { 'If-None-Match': inm });
        expect(again.status, inm).toBe(304);
        expect(again.text).toBe('');
        expect(again.headers.get('ETag')).toBe(etag);
        expect(again.headers.get('Cache-Control')).toBe(first.headers.get('Cache-Control'));
        expect(again.headers.get('Vary')).toMatch(/\bAuthorization\b/);
      }
      const other = await get(url, { 'If-None-Match': 'W/"not-this-one"' });
      expect(other.status).toBe(200);
      expect(other.text.length).toBeGreaterThan(0);
      expect(other.headers.get('ETag')).toBe(etag);
    },
  );

  it('a changed resource gets a new ETag and a 200 for the old one', async () => {
    const teacher = await instructor();
    const course = await publishedCourse(teacher, { course_name: '缓存 前' });
    const url = `/api/courses/${course.course_id}`;
    const before = await get(url);
    expectOk(await api('PUT', url.replace('/api/courses', '/api/teacher/courses'), teacher.token, { json: { course_name: '缓存 后' } }));
    const after = await get(url, { 'If-None-Match': before.headers.get('ETag')! });
    expect(after.status).toBe(200);
    expect(after.body.data.course_name).toBe('缓存 后');
    expect(after.headers.get('ETag')).not.toBe(before.headers.get('ETag'));

    const departments = await get('/api/departments');
    await makeDepartment();
    const changed = await get('/api/departments', { 'If-None-Match': departments.headers.get('ETag')! });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('ETag')).not.toBe(departments.headers.get('ETag'));
  });

  it('material detail: every read counts a view and is a new version, so a revalidating browser never shows a stale count', async () => {
    const owner = await signedIn();
    const m = await uploaded(owner.access_token);
    const url = `/api/v1/materials/${m.id}`;
    const first = await get(url);
    expectPublic(first, 0);
    const again = await get(url, { 'If-None-Match': first.headers.get('ETag')! });
    expect(again.status).toBe(200);
    expect(again.body.view_count).toBe(first.body.view_count + 1);
    expect(again.headers.get('ETag')).not.toBe(first.headers.get('ETag'));
    const third = await get(url, { 'If-None-Match': again.headers.get('ETag')! });
    expect(third.status).toBe(200);
    expect(third.body.view_count).toBe(first.body.view_count + 2);
    const fan = await signedIn();
    expect((await call('POST', `${url}/like`, { token: fan.access_token })).status).toBe(200);
    const liked = await get(url, { 'If-None-Match': first.headers.get('ETag')! });
    expect(liked.status).toBe(200);
    expect(liked.body.like_count).toBe(1);
  });
});

describe('requests with a token: private, never the anonymous copy', () => {
  it.each(PUBLIC_READS.map(([p], i) => [i, p] as const))('read #%i: private, no-cache with Vary: Authorization', async (_i, path) => {
    const url = await path();
    const user = await signedIn();
    const res = await get(url, {}, user.access_token);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.get('Cache-Control')).toBe('private, no-cache');
    expect(res.headers.get('Vary')).toMatch(/\bAuthorization\b/);
    expect(res.headers.get('ETag')).toMatch(/^W\//);
  });

  it('a caller who liked a material gets their own view (own tag), not the anonymous one', async () => {
    const owner = await signedIn();
    const m = await uploaded(owner.access_token);
    const fan = await signedIn();
    expect((await call('POST', `/api/v1/materials/${m.id}/like`, { token: fan.access_token })).status).toBe(200);
    const url = `/api/v1/materials/${m.id}`;
    const anonymous = await get(url);
    expect(anonymous.body.is_liked).toBe(false);
    const mine = await get(url, { 'If-None-Match': anonymous.headers.get('ETag')! }, fan.access_token);
    expect(mine.status).toBe(200);
    expect(mine.body.is_liked).toBe(true);
    expect(mine.headers.get('Cache-Control')).toBe('private, no-cache');
    expect(mine.headers.get('ETag')).not.toBe(anonymous.headers.get('ETag'));
    // Revalidating the private tag counts another view: a new version, never the cached count.
    const next = await get(url, { 'If-None-Match': mine.headers.get('ETag')! }, fan.access_token);
    expect(next.status).toBe(200);
    expect(next.body).toMatchObject({ is_liked: true, view_count: mine.body.view_count + 1 });
  });

  it('an unpublished course: its teacher sees it privately, anonymous callers get an uncached 404', async () => {
    const teacher = await instructor();
    const course = await newCourse(teacher);
    const url = `/api/courses/${course.course_id}`;
    const anonymous = await get(url);
    expect(anonymous.status).toBe(404);
    expect(anonymous.headers.get('ETag')).toBeNull();
    expect(anonymous.headers.get('Cache-Control') ?? '').not.toMatch(/public/);
    const own = await get(url, {}, teacher.token);
    expect(own.status).toBe(200);
    expect(own.headers.get('Cache-Control')).toBe('private, no-cache');
    expect((await get(url, {}, (await learner()).token)).status).toBe(404);
  });
});
