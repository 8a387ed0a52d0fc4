// Schemathesis's response_headers_conformance on real resources: every operation whose document declares
// response headers for a success (ETag, Cache-Control, Vary …) is read fresh, by Range and conditionally,
// and each answer is held to its declared status, headers and body. A 429 carries its declared Retry-After.
import { describe, expect, it } from 'vitest';
import { png, signedIn, uploaded } from '../apis/learning/fixtures';
import { api, fileForm, instructor, publishedCourse } from '../apis/personal-center/support';
import { sysadminToken } from '../apis/progress/support';
import { call, uniqueEmail } from '../helpers/http';
import { checkResponse } from './check';
import { operations, type Operation } from './documents';
import { send } from './send';

/** A URL per operation that declares success headers, pointing at a resource that exists. */
const CASES: Record<string, () => Promise<{ url: string; token?: string; file?: boolean }>> = {
  async learningListMaterials() {
    return { url: '/api/v1/materials' };
  },
  async learningGetMaterial() {
    return { url: `/api/v1/materials/${(await material()).id}` };
  },
  async learningMaterialFile() {
    return { url: `/api/v1/materials/${(await material()).id}/file`, file: true };
  },
  async learningMaterialThumbnail() {
    return { url: `/api/v1/materials/${(await material()).id}/thumbnail`, file: true };
  },
  async learningMaterialObject() {
    return { url: `/materials/${(await material()).file_path}`, file: true };
  },
  async personalCenterListCategories() {
    return { url: '/api/categories' };
  },
  async personalCenterListCourses() {
    return { url: '/api/courses' };
  },
  async personalCenterGetCourse() {
    return { url: `/api/courses/${(await course()).course_id}` };
  },
  async personalCenterCoverFile() {
    const c = await course();
    const res = await api('POST', `/api/teacher/courses/${c.course_id}/cover`, teacher!.token, {
      body: fileForm('cover', png(), {}, 'cover.png', 'image/png'),
    });
    expect(res.status, res.text).toBe(200);
    return { url: res.body.data.cover_img, file: true };
  },
  async personalCenterAvatarFile() {
    const t = await instructor();
    const res = await api('POST', '/api/user/avatar', t.token, { body: fileForm('avatar', png(), {}, 'me.png', 'image/png') });
    expect(res.status, res.text).toBe(200);
    return { url: res.body.data.avatar_url, file: true };
  },
  async progressListDepartments() {
    return { url: '/api/departments', token: await sysadminToken() };
  },
};

let uploadedMaterial: Promise<Record<string, any>> | undefined;
const material = () => (uploadedMaterial ??= signedIn('teacher').then((u) => uploaded(u.access_token, { thumbnail: png() })));
let teacher: Awaited<ReturnType<typeof instructor>> | undefined;
let publishedOne: Promise<any> | undefined;
const course = () => (publishedOne ??= instructor().then((t) => publishedCourse((teacher = t))));

const declaresSuccessHeaders = (op: Operation) =>
  Object.entries(op.responses).some(([status, r]) => Number(status) < 400 && Object.keys(r.headers ?? {}).length > 0);

describe('declared response headers are sent and fit their schema', () => {
  const ops = operations().filter(declaresSuccessHeaders);

  for (const op of ops) {
    it(`${op.api} ${op.id}`, async () => {
      const make = CASES[op.id];
      expect(make, `${op.id} declares response headers but has no case here`).toBeDefined();
      const { url, token, file } = await make!();
      const problems: string[] = [];
      const check = async (headers: Record<string, string>, expected: number) => {
        const res = await send('GET', url, { token, headers });
        expect(res.status, `${url} ${JSON.stringify(headers)} ${res.text.slice(0, 200)}`).toBe(expected);
        problems.push(
          ...checkResponse(op, { method: 'GET', url, role: token ? 'sysadmin' : 'none', invalid: null }, res).map(
            (p) => `${JSON.stringify(headers)}: ${p}`,
          ),
        );
        return res;
      };
      const fresh = await check({}, 200);
      if (file) await check({ Range: 'bytes=0-3' }, 206);
      // Every read of a material counts a view, so its own tag is already stale on the next read (the ETag
      // covers view_count); `*` still asks for the 304 and its declared headers.
      const tag = op.id === 'learningGetMaterial' ? '*' : (fresh.headers.get('ETag') ?? '"none"');
      await check({ 'If-None-Match': tag }, 304);
      expect(problems).toEqual([]);
    });
  }

  it('has a case for every operation that declares success headers', () => {
    expect(ops.map((o) => o.id).sort()).toEqual(Object.keys(CASES).sort());
  });

  it('a 429 carries the Retry-After its document declares', async () => {
    const op = operations().find((o) => o.id === 'learningLogin')!;
    expect(op.responses['429']?.headers?.['Retry-After']).toBeDefined();
    const email = uniqueEmail('locked');
    let res = await call('POST', '/api/v1/auth/login', { json: { email, password: 'wrong-password-1' } });
    for (let i = 0; i < 30 && res.status !== 429; i++)
      res = await call('POST', '/api/v1/auth/login', { json: { email, password: 'wrong-password-1' } });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('Retry-After'))).toBeGreaterThanOrEqual(1);
    expect(checkResponse(op, { method: 'POST', url: '/api/v1/auth/login', role: 'none', invalid: null }, res)).toEqual([]);
  });
});
