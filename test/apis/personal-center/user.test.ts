import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { personalProfiles } from '../../../src/db/schema';
import { testDeps } from '../../helpers/deps';
import { call } from '../../helpers/http';
import {
  accountRow,
  api,
  expectError,
  expectOk,
  expectUnauthenticated,
  fetchRaw,
  fileForm,
  gif,
  instructor,
  ISO_MS,
  jpeg,
  keysUnder,
  learner,
  MiB,
  objectExists,
  otherRoleAccount,
  pdf,
  png,
  webp,
} from './support';

const upload = (token: string | undefined, form: FormData | string, headers?: Record<string, string>) =>
  call('POST', '/api/user/avatar', { token, body: form, headers });

const keyOf = (url: string) => url.replace('/api/user/avatars/', 'avatars/');

describe('GET /api/user/profile', () => {
  it('returns the documented fields (and the avatar)', async () => {
    const u = await learner('测试学生01');
    const data = expectOk(await api('GET', '/api/user/profile', u.token));
    expect(data).toEqual({
      user_id: u.id,
      user_name: '测试学生01',
      phone: u.phone,
      email: u.email,
      avatar_url: null,
      user_intro: null,
      occupation: null,
      learning_goal: null,
      role: 'learner',
      register_time: expect.stringMatching(ISO_MS),
      last_login_time: expect.stringMatching(ISO_MS),
    });
    expect(JSON.stringify(data)).not.toMatch(/password|hash/i);
  });

  it('shows an instructor as instructor', async () => {
    const t = await instructor();
    expect(expectOk(await api('GET', '/api/user/profile', t.token)).role).toBe('instructor');
  });

  it('needs a valid token', async () => {
    const u = await learner();
    await expectUnauthenticated(u, (token) => api('GET', '/api/user/profile', token));
  });

  it('refuses roles the personal center does not serve (an administrator’s token from another API)', async () => {
    const admin = await otherRoleAccount('admin');
    expectError(await api('GET', '/api/user/profile', admin.token), 403, '个人中心仅支持学生和教师账号');
  });
});

describe('PUT /api/user/profile', () => {
  it('changes the four documented fields and answers with the profile', async () => {
    const u = await learner();
    const res = await api('PUT', '/api/user/profile', u.token, {
      json: { user_name: '修改后的姓名', user_intro: '这是我的个人简介', occupation: '学生', learning_goal: '掌握前端开发技术' },
    });
    const data = expectOk(res, '更新成功');
    expect(data).toMatchObject({
      user_id: u.id,
      user_name: '修改后的姓名',
      user_intro: '这是我的个人简介',
      occupation: '学生',
      learning_goal: '掌握前端开发技术',
      role: 'learner',
      phone: u.phone,
    });
    expect(expectOk(await api('GET', '/api/user/profile', u.token))).toEqual(data);
    expect((await accountRow(u.id))?.name).toBe('修改后的姓名');
  });

  it('changes only what is sent, and null clears a field', async () => {
    const u = await learner('原名');
    expectOk(await api('PUT', '/api/user/profile', u.token, { json: { occupation: '工程师', learning_goal: '学 Rust' } }));
    const data = expectOk(await api('PUT', '/api/user/profile', u.token, { json: { occupation: null } }));
    expect(data).toMatchObject({ user_name: '原名', occupation: null, learning_goal: '学 Rust', user_intro: null });
    expectOk(await api('PUT', '/api/user/profile', u.token, { json: {} }));
    const rows = await testDeps().db.select().from(personalProfiles).where(eq(personalProfiles.accountId, u.id)).all();
    expect(rows).toHaveLength(1);
  });

  it('ignores role, phone, email, id and other fields: only the declared ones change', async () => {
    const u = await learner('不变');
    const before = expectOk(await api('GET', '/api/user/profile', u.token));
    const extra = {
      role: 'instructor',
      phone: '13900000000',
      email: 'x@example.test',
      user_id: 1,
      avatar_url: '/x.png',
      register_time: '2020-01-01',
    };
    expectOk(await api('PUT', '/api/user/profile', u.token, { json: { user_name: '想改名', ...extra } }));
    const after = expectOk(await api('GET', '/api/user/profile', u.token));
    expect(after).toEqual({ ...before, user_name: '想改名' });
  });

  it('validates lengths and types', async () => {
    const u = await learner();
    expectError(await api('PUT', '/api/user/profile', u.token, { json: { user_name: '' } }), 400, /user_name: 不能为空/);
    expectError(await api('PUT', '/api/user/profile', u.token, { json: { user_name: null } }), 400, /user_name/);
    expectError(
      await api('PUT', '/api/user/profile', u.token, { json: { user_intro: 'x'.repeat(501) } }),
      400,
      /user_intro: 不能超过 500 个字符/,
    );
    expectError(await api('PUT', '/api/user/profile', u.token, { json: { occupation: 5 } }), 400, /occupation/);
  });

  it('refuses a JSON body over 1 MB with 413 and a non-JSON body with 415', async () => {
    const u = await learner();
    expectError(await api('PUT', '/api/user/profile', u.token, { json: { user_intro: 'x'.repeat(1024 * 1024 + 10) } }), 413);
    const form = await api('PUT', '/api/user/profile', u.token, { body: 'user_name=x', headers: { 'Content-Type': 'text/plain' } });
    expect([400, 415]).toContain(form.status);
    expectError(form, form.status);
    expect(expectOk(await api('GET', '/api/user/profile', u.token)).user_intro).toBeNull();
  });

  it('needs a valid token', async () => {
    const u = await learner();
    await expectUnauthenticated(u, (token) => api('PUT', '/api/user/profile', token, { json: { user_name: 'x' } }));
    expect((await accountRow(u.id))?.name).not.toBe('x');
  });
});

describe('POST /api/user/avatar and GET /api/user/avatars/{userId}/{file}', () => {
  it('stores a png under avatars/<userId>/ and serves it with Content-Type, ETag and long cache headers', async () => {
    const u = await learner();
    const image = png(2048);
    const res = await upload(u.token, fileForm('avatar', image, {}, 'me.png', 'image/png'));
    const data = expectOk(res, '头像上传成功');
    expect(data.avatar_url).toMatch(new RegExp(`^/api/user/avatars/${u.id}/[0-9a-f]{32}\\.png$`));
    expect(await keysUnder(`avatars/${u.id}/`)).toEqual([keyOf(data.avatar_url)]);
    expect(expectOk(await api('GET', '/api/user/profile', u.token)).avatar_url).toBe(data.avatar_url);
    expect((await accountRow(u.id))?.avatarUrl).toBe(data.avatar_url);

    const served = await fetchRaw(data.avatar_url);
    expect(served.status).toBe(200);
    expect(new Uint8Array(await served.arrayBuffer())).toEqual(image);
    expect(served.headers.get('Content-Type')).toBe('image/png');
    expect(served.headers.get('Cache-Control')).toBe('public, max-age=31536000, immutable');
    const etag = served.headers.get('ETag');
    expect(etag).toBeTruthy();
    expect(Number(served.headers.get('Content-Length'))).toBe(2048);
    const again = await fetchRaw(data.avatar_url, { 'If-None-Match': etag! });
    expect(again.status).toBe(304);
  });

  it('detects the type from the bytes: jpeg, webp and gif are stored with their own extension whatever the name says', async () => {
    const u = await learner();
    for (const [bytes, ext, type] of [
      [jpeg(), 'jpg', 'image/jpeg'],
      [webp(), 'webp', 'image/webp'],
      [gif(), 'gif', 'image/gif'],
    ] as const) {
      const data = expectOk(await upload(u.token, fileForm('avatar', bytes, {}, 'picture.png', 'image/png')));
      expect(data.avatar_url.endsWith(`.${ext}`)).toBe(true);
      const served = await fetchRaw(data.avatar_url);
      expect(served.headers.get('Content-Type')).toBe(type);
      expect(new Uint8Array(await served.arrayBuffer())).toEqual(bytes);
    }
  });

  it('deletes the replaced avatar object', async () => {
    const u = await learner();
    const first = expectOk(await upload(u.token, fileForm('avatar', png()))).avatar_url;
    const second = expectOk(await upload(u.token, fileForm('avatar', jpeg()))).avatar_url;
    expect(second).not.toBe(first);
    expect(await objectExists(keyOf(first))).toBe(false);
    expect(await objectExists(keyOf(second))).toBe(true);
    expect((await call('GET', first)).status).toBe(404);
    expect(await keysUnder(`avatars/${u.id}/`)).toEqual([keyOf(second)]);
  });

  it('keeps one avatar when two uploads race: the other object is removed', async () => {
    const u = await learner();
    const results = await Promise.all([upload(u.token, fileForm('avatar', png())), upload(u.token, fileForm('avatar', jpeg()))]);
    for (const r of results) expectOk(r);
    const current = (await accountRow(u.id))!.avatarUrl!;
    expect(await keysUnder(`avatars/${u.id}/`)).toEqual([keyOf(current)]);
  });

  it('ignores other text fields, as multer does', async () => {
    const u = await learner();
    expectOk(await upload(u.token, fileForm('avatar', png(), { note: 'hello' })));
  });

  it('refuses other file types with 415 and stores nothing', async () => {
    const u = await learner();
    expectError(await upload(u.token, fileForm('avatar', pdf(), {}, 'a.png', 'image/png')), 415, '头像仅支持 PNG、JPEG、WebP、GIF 图片');
    expectError(
      await upload(
        u.token,
        fileForm('avatar', new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'), {}, 'a.svg', 'image/svg+xml'),
      ),
      415,
    );
    expectError(await upload(u.token, fileForm('avatar', new Uint8Array(0))), 415);
    expect(await keysUnder(`avatars/${u.id}/`)).toEqual([]);
    expect((await accountRow(u.id))?.avatarUrl).toBeNull();
  });

  it('refuses more than 2 MB with 413 and stores nothing; exactly 2 MB is fine', async () => {
    const u = await learner();
    expectError(await upload(u.token, fileForm('avatar', png(2 * MiB + 1))), 413, '头像不能超过 2MB');
    expect(await keysUnder(`avatars/${u.id}/`)).toEqual([]);
    expectOk(await upload(u.token, fileForm('avatar', png(2 * MiB))));
  });

  it('needs the avatar field, exactly once, in multipart/form-data', async () => {
    const u = await learner();
    expectError(await upload(u.token, fileForm('file', png())), 400, '请选择要上传的头像（字段 avatar）');
    const twice = fileForm('avatar', png());
    twice.append('avatar', new Blob([png()]), 'b.png');
    expectError(await upload(u.token, twice), 400, '一次只能上传一个文件');
    expect(await keysUnder(`avatars/${u.id}/`)).toEqual([]);
    expectError(
      await upload(u.token, JSON.stringify({ avatar: 'x' }), { 'Content-Type': 'application/json' }),
      415,
      '请使用 multipart/form-data 上传文件',
    );
    expectError(await upload(u.token, '--x\r\n', { 'Content-Type': 'multipart/form-data' }), 400);
    expectError(
      await upload(u.token, '--abc\r\nContent-Disposition: form-data; name="avatar"\r\n\r\n\x89PNG', {
        'Content-Type': 'multipart/form-data; boundary=abc',
      }),
      400,
      '上传内容格式错误',
    );
    expect(await keysUnder(`avatars/${u.id}/`)).toEqual([]);
  });

  it('needs a valid token and one of the two roles', async () => {
    const u = await learner();
    await expectUnauthenticated(u, (token) => upload(token, fileForm('avatar', png())));
    const admin = await otherRoleAccount('sysadmin');
    expectError(await upload(admin.token, fileForm('avatar', png())), 403);
    expect(await keysUnder(`avatars/${u.id}/`)).toEqual([]);
    expect(await keysUnder(`avatars/${admin.id}/`)).toEqual([]);
  });

  it('answers 500 in the envelope when storage fails, leaving the profile unchanged', async () => {
    const u = await learner();
    const failing = {
      ...env.FILES,
      put: () => Promise.reject(new Error('simulated R2 outage (internal detail)')),
      head: env.FILES.head.bind(env.FILES),
    } as unknown as R2Bucket;
    const res = await call('POST', '/api/user/avatar', { token: u.token, body: fileForm('avatar', png()), env: { FILES: failing } });
    expectError(res, 500, '文件上传失败，请稍后重试');
    expect(res.text).not.toContain('internal detail');
    expect((await accountRow(u.id))?.avatarUrl).toBeNull();
    expect(await keysUnder(`avatars/${u.id}/`)).toEqual([]);
  });

  it('serves only names this service writes; anything else is 404 in the envelope', async () => {
    const u = await learner();
    await env.FILES.put(`avatars/${u.id}/secret.txt`, 'not an avatar');
    expectError(await call('GET', `/api/user/avatars/${u.id}/secret.txt`), 404, '文件不存在');
    expectError(await call('GET', `/api/user/avatars/${u.id}/${'a'.repeat(32)}.png`), 404, '文件不存在');
    expectError(await call('GET', `/api/user/avatars/${u.id}/..%2F..%2Fmaterials%2Fx.png`), 404);
    expectError(await call('GET', `/api/user/avatars/abc/${'a'.repeat(32)}.png`), 400);
  });
});
