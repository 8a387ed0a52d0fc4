import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts } from '../../../src/db/schema';
import { testDeps } from '../../helpers/deps';
import { call } from '../../helpers/http';
import {
  accountRow,
  ADMIN,
  approvedSchool,
  campusTeacher,
  createStudent,
  expectCampusError,
  expectOk,
  forgeToken,
  uniqueEmail,
} from './support';

const login = (json: unknown) => call('POST', '/v1/login', { json });

describe('POST /v1/teacher/register', () => {
  it('creates a teacher and answers a bearer token in the envelope', async () => {
    const email = uniqueEmail('reg');
    const res = await call('POST', '/v1/teacher/register', { json: { name: '王老师', username: email, password: 'secret' } });
    const data = expectOk(res);
    expect(Object.keys(res.body)).toEqual(['code', 'msg', 'message', 'data']);
    expect(data).toMatchObject({ token_type: 'bearer', access_token: expect.any(String), expires_in: 7 * 24 * 3600 });
    const list = await call('GET', '/v1/teacher/schools', { token: data.access_token });
    expectOk(list);
    const [row] = await testDeps().db.select().from(accounts).where(eq(accounts.email, email)).all();
    expect(row).toMatchObject({ name: '王老师', role: 'teacher', username: null });
    expect(res.text).not.toMatch(/password_hash|pbkdf2/);
  });

  it('422 with field errors in data: missing, short or long password, bad e-mail, taken e-mail', async () => {
    const missing = expectCampusError(await call('POST', '/v1/teacher/register', { json: {} }), 422);
    expect(Object.keys(missing.data).sort()).toEqual(['name', 'password', 'username']);
    expect(missing.data.name).toEqual(['名称 不能为空。']);
    expect(missing.msg).toBe((Object.values(missing.data) as string[][])[0]![0]);

    const cases: [Record<string, unknown>, string][] = [
      [{ password: '12345' }, 'password'],
      [{ password: 'x'.repeat(33) }, 'password'],
      [{ username: 'not-an-email' }, 'username'],
      [{ name: '' }, 'name'],
    ];
    for (const [patch, field] of cases) {
      const res = expectCampusError(
        await call('POST', '/v1/teacher/register', { json: { name: 'N', username: uniqueEmail(), password: 'secret', ...patch } }),
        422,
      );
      expect(Object.keys(res.data), JSON.stringify(patch)).toEqual([field]);
    }
    const t = await campusTeacher();
    const dup = expectCampusError(
      await call('POST', '/v1/teacher/register', { json: { name: 'N', username: t.email.toUpperCase(), password: 'secret' } }),
      422,
    );
    expect(dup.data).toEqual({ username: ['该邮箱已被注册'] });
  });

  it('ignores unknown fields: a role, status or id sent at sign-up is not assigned', async () => {
    const email = uniqueEmail();
    const extras = { role: 'sysadmin', status: 0, id: 1, is_admin: true, password_hash: 'x', captcha: 'x' };
    const token = expectOk(
      await call('POST', '/v1/teacher/register', { json: { name: 'N', username: email, password: 'secret', ...extras } }),
    ).access_token;
    // A teacher, not an administrator: the administrators' list is refused.
    expectCampusError(await call('GET', '/v1/admin/schools', { token }), 403);
    expectOk(await call('GET', '/v1/teacher/schools', { token }));
    expect(expectOk(await call('POST', '/v1/login', { json: { identity: 1, username: email, password: 'secret' } }))).toHaveProperty(
      'access_token',
    );
  });

  it('takes an optional password_confirmation (Laravel `confirmed`), which must match', async () => {
    const body = { name: 'N', username: uniqueEmail(), password: 'secret-1' };
    const bad = expectCampusError(
      await call('POST', '/v1/teacher/register', { json: { ...body, password_confirmation: 'secret-2' } }),
      422,
    );
    expect(bad.data).toEqual({ password: ['密码 两次输入不一致。'] });
    expectOk(await call('POST', '/v1/teacher/register', { json: { ...body, password_confirmation: 'secret-1' } }));
  });
});

describe('POST /v1/login', () => {
  it('identity 1: a teacher by e-mail, and an administrator', async () => {
    const t = await campusTeacher();
    expect(expectOk(await login({ identity: 1, username: t.email, password: t.password })).token_type).toBe('bearer');
    const admin = expectOk(await login({ identity: 1, username: ADMIN.email, password: ADMIN.password }));
    expect(admin.access_token).toEqual(expect.any(String));
    const row = await accountRow(t.id);
    expect(row!.lastLoginAt).toEqual(expect.any(Number));
  });

  it('identity as the strings "1" / "2" (a form value), as Laravel takes them', async () => {
    const t = await campusTeacher();
    expect(expectOk(await login({ identity: '1', username: t.email, password: t.password })).token_type).toBe('bearer');
    const { owner, schoolId } = await approvedSchool();
    const s = await createStudent(owner.token, schoolId);
    expect(expectOk(await login({ identity: '2', username: s.username, password: s.password })).token_type).toBe('bearer');
    expectCampusError(await login({ identity: '3', username: t.email, password: t.password }), 422);
  });

  it('identity 2: a student by username', async () => {
    const { owner, schoolId } = await approvedSchool();
    const s = await createStudent(owner.token, schoolId);
    const data = expectOk(await login({ identity: 2, username: s.username, password: s.password }));
    expectOk(await call('GET', '/v1/student/profile', { token: data.access_token }));
  });

  it('401 for a wrong password, an unknown account and the wrong identity', async () => {
    const t = await campusTeacher();
    expect(expectCampusError(await login({ identity: 1, username: t.email, password: 'wrong-one' }), 401).msg).toBe('账号或密码错误');
    expectCampusError(await login({ identity: 1, username: uniqueEmail(), password: 'whatever' }), 401);
    const { owner, schoolId } = await approvedSchool();
    const s = await createStudent(owner.token, schoolId);
    // A student has no e-mail; a teacher has no username: each identity finds only its own.
    expectCampusError(await login({ identity: 2, username: t.email, password: t.password }), 401);
    await testDeps()
      .db.update(accounts)
      .set({ username: `teacher${t.id}x` })
      .where(eq(accounts.id, t.id))
      .run();
    expectCampusError(await login({ identity: 2, username: `teacher${t.id}x`, password: t.password }), 401);
    expectCampusError(await login({ identity: 1, username: `${s.username}@nowhere.test`, password: s.password }), 401);
  });

  it('403 for a disabled account', async () => {
    const t = await campusTeacher();
    await testDeps().db.update(accounts).set({ isActive: false }).where(eq(accounts.id, t.id)).run();
    expectCampusError(await login({ identity: 1, username: t.email, password: t.password }), 403);
  });

  it('422 for a bad identity, a teacher name that is not an e-mail, a short student name, missing fields', async () => {
    expect(expectCampusError(await login({ identity: 3, username: 'a@b.test', password: 'x' }), 422).data).toHaveProperty('identity');
    expect(expectCampusError(await login({ identity: 1, username: 'teacher', password: 'x' }), 422).data).toEqual({
      username: ['用户名 不是一个合法的邮箱。'],
    });
    expect(expectCampusError(await login({ identity: 2, username: 'abc', password: 'x' }), 422).data).toEqual({
      username: ['用户名 至少为 4 个字符。'],
    });
    expect(Object.keys(expectCampusError(await login({}), 422).data).sort()).toEqual(['identity', 'password', 'username']);
    expectCampusError(await call('POST', '/v1/login', { body: 'not json', headers: { 'Content-Type': 'application/json' } }), 422);
  });
});

describe('campus envelope for the rest', () => {
  it('401 without or with a bad token; 404 for an unknown route; 405 for a wrong method', async () => {
    expect(expectCampusError(await call('GET', '/v1/teacher/schools'), 401).data).toEqual({});
    expectCampusError(await call('GET', '/v1/teacher/schools', { token: 'garbage' }), 401);
    const t = await campusTeacher();
    const past = Math.floor(Date.now() / 1000) - 7200;
    expectCampusError(await call('GET', '/v1/teacher/schools', { token: await forgeToken(t.id, { iat: past, exp: past + 60 }) }), 401);
    expectCampusError(await call('GET', '/v1/nothing-here'), 404);
    const wrong = await call('PATCH', '/v1/teacher/schools');
    expectCampusError(wrong, 405);
    expect(wrong.headers.get('Allow')).toContain('POST');
  });
});
