import { eq } from 'drizzle-orm';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { accounts, loginFailures } from '../../../src/db/schema';
import { LOGIN_MAX_FAILURES } from '../../../src/domain/auth/login-throttle';
import { testDeps } from '../../helpers/deps';
import { call } from '../../helpers/http';
import { accountRow, api, expectError, expectOk, ISO_MS, learner, otherRoleAccount, uniqueEmail, uniquePhone } from './support';

const register = (json: unknown, headers?: Record<string, string>) => call('POST', '/api/auth/register', { json, headers });
const login = (phone: string, password: string) => call('POST', '/api/auth/login', { json: { phone, password } });
const body = (o: Record<string, unknown> = {}) => ({
  user_name: '测试教师01',
  phone: uniquePhone(),
  email: uniqueEmail(),
  password: '123456',
  role: 'instructor',
  ...o,
});
const accountsWithPhone = (phone: string) => testDeps().db.select().from(accounts).where(eq(accounts.phone, phone)).all();

describe('GET /api/health', () => {
  it('answers as the document shows, without a token', async () => {
    const res = await call('GET', '/api/health');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'success', message: 'Personal Center API is running', timestamp: expect.stringMatching(ISO_MS) });
  });
});

describe('POST /api/auth/register', () => {
  it('registers an instructor with the documented response', async () => {
    const b = body();
    const res = await register(b);
    const data = expectOk(res, '注册成功');
    expect(data).toEqual({ userId: expect.any(Number), user_name: '测试教师01', phone: b.phone, email: b.email, role: 'instructor' });
    const row = await accountRow(data.userId);
    expect(row?.role).toBe('teacher');
    expect(row?.passwordHash).not.toContain('123456');
    expect(res.text).not.toMatch(/password|hash/i);
  });

  it('registers a learner, and a missing role means learner', async () => {
    const explicit = expectOk(await register(body({ role: 'learner' })));
    expect(explicit.role).toBe('learner');
    const b = body();
    delete (b as Record<string, unknown>).role;
    const implicit = expectOk(await register(b));
    expect(implicit.role).toBe('learner');
    expect((await accountRow(implicit.userId))?.role).toBe('student');
  });

  it('refuses a duplicate phone or e-mail (e-mail case-insensitively) with 409, creating nothing', async () => {
    const first = body();
    expectOk(await register(first));
    expectError(await register(body({ phone: first.phone })), 409, '该手机号已被注册');
    const upper = body({ email: first.email.toUpperCase() });
    expectError(await register(upper), 409, '该邮箱已被注册');
    expect(await accountsWithPhone(upper.phone)).toHaveLength(0);
  });

  it('refuses roles other than learner and instructor', async () => {
    for (const extra of [{ role: 'admin' }, { role: 'sysadmin' }, { role: 'teacher' }]) {
      const b = body(extra);
      expectError(await register(b), 400);
      expect(await accountsWithPhone(b.phone)).toHaveLength(0);
    }
  });

  it('ignores unknown fields, those that would grant something included: none of them is assigned', async () => {
    const b = body({
      role: 'learner',
      is_active: false,
      userId: 1,
      user_id: 7,
      status: 'disabled',
      is_admin: true,
      confirm_password: '123456',
    });
    const res = await register(b);
    expect(res.status, res.text).toBe(200);
    const token = expectOk(await login(b.phone, b.password)).token;
    const profile = expectOk(await api('GET', '/api/user/profile', token));
    expect(profile).toMatchObject({ user_id: res.body.data.userId, role: 'learner', phone: b.phone });
    expect([1, 7]).not.toContain(profile.user_id);
  });

  it('validates every field', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ phone: '1380013800' }, /phone: 必须是 11 位数字/],
      [{ phone: '138001380011' }, /phone/],
      [{ phone: '1380013800a' }, /phone/],
      [{ phone: 13800138000 }, /phone: 必须是字符串/],
      [{ email: 'not-an-email' }, /email: 邮箱格式不正确/],
      [{ password: '12345' }, /password: 至少 6 位/],
      [{ user_name: '   ' }, /user_name: 不能为空/],
      [{ user_name: 'x'.repeat(51) }, /user_name/],
    ];
    for (const [patch, message] of cases) expectError(await register(body(patch)), 400, message);
    const noPhone = body();
    delete (noPhone as Record<string, unknown>).phone;
    expectError(await register(noPhone), 400, /phone/);
  });

  it('answers malformed and non-JSON bodies in the envelope', async () => {
    expectError(await call('POST', '/api/auth/register', { body: '{"user_name":', headers: { 'Content-Type': 'application/json' } }), 400);
    const form = await call('POST', '/api/auth/register', {
      body: 'user_name=x',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    });
    expect([400, 415]).toContain(form.status);
    expectError(form, form.status);
    expectError(await call('POST', '/api/auth/register', { json: [] }), 400);
  });
});

describe('POST /api/auth/login', () => {
  it('signs in by phone with the documented response and a 7-day token', async () => {
    const b = body({ role: 'learner', user_name: '测试学生01' });
    const { userId } = expectOk(await register(b));
    const before = Date.now();
    const res = await login(b.phone, b.password);
    const data = expectOk(res, '登录成功');
    expect(data.user).toEqual({
      user_id: userId,
      user_name: '测试学生01',
      phone: b.phone,
      email: b.email,
      role: 'learner',
      avatar_url: null,
    });
    const claims = decodeJwt(data.token);
    expect(claims.exp! - claims.iat!).toBe(7 * 24 * 3600);
    expect(claims.sub).toBe(String(userId));
    // The document's token carries the id as `userId` (a number); frontends decode it.
    expect(claims.userId).toBe(userId);
    const row = await accountRow(userId);
    expect(row?.lastLoginAt).toBeGreaterThanOrEqual(before);
    const profile = expectOk(await api('GET', '/api/user/profile', data.token));
    expect(profile.last_login_time).toBe(new Date(row!.lastLoginAt!).toISOString());
  });

  it('an instructor signs in as instructor', async () => {
    const b = body();
    expectOk(await register(b));
    expect(expectOk(await login(b.phone, b.password)).user.role).toBe('instructor');
  });

  it('refuses a wrong password and an unknown phone with the same 401', async () => {
    const u = await learner();
    expectError(await login(u.phone, 'wrong-password'), 401, '手机号或密码错误');
    expectError(await login(uniquePhone(), 'whatever-1'), 401, '手机号或密码错误');
  });

  it('validates the body', async () => {
    expectError(await call('POST', '/api/auth/login', { json: { phone: '123', password: 'x' } }), 400, /phone/);
    expectError(await call('POST', '/api/auth/login', { json: { phone: uniquePhone() } }), 400, /password/);
    expectError(await call('POST', '/api/auth/login', { json: null }), 400, '请求参数错误：请求体必须是 JSON 对象');
  });

  it('drops extra sign-in fields (a role tab, remember me) instead of refusing them; they change nothing', async () => {
    const u = await learner();
    const res = await call('POST', '/api/auth/login', {
      json: { phone: u.phone, password: u.password, role: 'instructor', remember: true },
    });
    expect(expectOk(res).user.role).toBe('learner');
  });

  it('refuses a disabled account with 403 and an administrator with 403', async () => {
    const u = await learner();
    await testDeps().db.update(accounts).set({ isActive: false }).where(eq(accounts.id, u.id)).run();
    expectError(await login(u.phone, u.password), 403, '账号已被禁用');
    const admin = await otherRoleAccount('admin');
    expectError(await login(admin.phone, admin.password), 403, '个人中心仅支持学生和教师账号');
  });

  it(`locks the account for 15 minutes after ${LOGIN_MAX_FAILURES} wrong passwords (429 with Retry-After), even for the right one`, async () => {
    const u = await learner();
    for (let i = 0; i < LOGIN_MAX_FAILURES; i++) expectError(await login(u.phone, `wrong-${i}`), 401);
    const locked = await login(u.phone, u.password);
    expectError(locked, 429, '登录失败次数过多，请稍后再试');
    const retry = Number(locked.headers.get('Retry-After'));
    expect(retry).toBeGreaterThan(14 * 60);
    expect(retry).toBeLessThanOrEqual(15 * 60);
    // Once the lock has passed, the right password works and clears the count.
    await testDeps()
      .db.update(loginFailures)
      .set({ lockedUntil: Date.now() - 1, windowStartedAt: Date.now() - 16 * 60 * 1000 })
      .where(eq(loginFailures.identifier, `account:${u.id}`))
      .run();
    expectOk(await login(u.phone, u.password));
    expect(
      await testDeps()
        .db.select()
        .from(loginFailures)
        .where(eq(loginFailures.identifier, `account:${u.id}`))
        .all(),
    ).toEqual([]);
  });

  it('a successful sign-in resets the failure count', async () => {
    const u = await learner();
    for (let i = 0; i < LOGIN_MAX_FAILURES - 1; i++) await login(u.phone, 'wrong-password');
    expectOk(await login(u.phone, u.password));
    expectError(await login(u.phone, 'wrong-password'), 401);
    expectOk(await login(u.phone, u.password));
  });

  it('the token works on the other APIs too (one account, one token service)', async () => {
    const u = await learner();
    const me = await call('GET', '/api/v1/auth/me', { token: u.token });
    expect(me.status, me.text).toBe(200);
    expect(me.body.id).toBe(u.id);
  });
});

describe('paths of this API that do not exist', () => {
  it('answer 404 and 405 in this envelope', async () => {
    expectError(await call('GET', '/api/student/nothing-here'), 404, '接口不存在');
    expectError(await call('GET', '/api/auth/login'), 405);
    expectError(await call('GET', '/api/courses/1/nothing'), 404);
    expectError(await call('GET', '/api/health/nothing'), 404, '接口不存在');
  });
});
