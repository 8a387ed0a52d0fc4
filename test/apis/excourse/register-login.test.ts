import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, smsCodes } from '../../../src/db/schema';
import { testDeps } from '../../helpers/deps';
import { call } from '../../helpers/http';
import {
  ADMIN,
  approvedSchool,
  campusTeacher,
  codeRows,
  createSchool,
  createStudent,
  excourseTeacher,
  jwt,
  sendCode,
  TEST_CODE,
  uniqueEmail,
  uniqueName,
  uniquePhone,
} from '../campus/support';

const ISO_LOCAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+08:00$/;
const USER_KEYS = [
  'id',
  'last_login',
  'is_superuser',
  'username',
  'work_id',
  'icon',
  'phone',
  'email',
  'is_grade',
  'is_super',
  'is_active',
  'wechat',
  'create_time',
  'update_time',
  'is_delete',
  'school_id',
  'groups',
  'user_permissions',
];

async function accountsNamed(username: string) {
  return testDeps().db.select().from(accounts).where(sql`lower(${accounts.username}) = lower(${username})`).all();
}

/** A phone with a fresh code and a registration body for it. */
async function prepared(schoolId: number, over: Record<string, unknown> = {}): Promise<Record<string, any>> {
  const phone = uniquePhone();
  expect((await sendCode(phone)).status).toBe(200);
  return { username: uniqueName('注册'), password: 'secret-12', school_id: schoolId, phone, sms_code: TEST_CODE, ...over };
}

const register = (json: unknown) => call('POST', '/users/register/', { json });

describe('POST /users/register/', () => {
  it('201 with the documented fields in order, a token, and never a password', async () => {
    const { schoolId } = await approvedSchool();
    const body = await prepared(schoolId, { work_id: 'T-007', wechat: 'wx_t', email: uniqueEmail('reg') });
    const res = await register(body);
    expect(res.status, res.text).toBe(201);
    expect(Object.keys(res.body)).toEqual(['id', 'token', ...USER_KEYS.slice(1)]);
    expect(res.text).not.toMatch(/password|pbkdf2/);
    expect(res.body).toMatchObject({
      last_login: null,
      is_superuser: false,
      username: body.username,
      work_id: 'T-007',
      icon: null,
      phone: body.phone,
      email: body.email,
      is_grade: 0,
      is_super: 0,
      is_active: true,
      wechat: 'wx_t',
      is_delete: false,
      school_id: schoolId,
      groups: [],
      user_permissions: [],
    });
    expect(res.body.create_time).toMatch(ISO_LOCAL);
    expect(res.body.update_time).toMatch(ISO_LOCAL);
    // The token works with both schemes.
    for (const headers of [jwt(res.body.token), { Authorization: `Bearer ${res.body.token}` }]) {
      const me = await call('GET', `/users/${res.body.id}/`, { headers });
      expect(me.status, me.text).toBe(200);
      expect(me.body.id).toBe(res.body.id);
    }
    const [row] = await codeRows(body.phone);
    expect(row!.consumedAt).not.toBeNull();
  });

  it('takes school_id as the document’s string "1" too; is_grade/is_super 0 are accepted', async () => {
    const { schoolId } = await approvedSchool();
    const res = await register(await prepared(schoolId, { school_id: String(schoolId), is_grade: 0, is_super: 0 }));
    expect(res.status, res.text).toBe(201);
    expect(res.body.school_id).toBe(schoolId);
  });

  it('201 with the document\'s own example password "123", which then signs in', async () => {
    const { schoolId } = await approvedSchool();
    const body = await prepared(schoolId, { password: '123', school_id: String(schoolId) });
    const res = await register(body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const login = await call('POST', '/users/login/', { json: { username: body.username, password: '123' } });
    expect(login.status).toBe(200);
    expect(login.body.user_id).toBe(res.body.id);
  });

  it('400 on sms_code: wrong (counted), then locked after five; nothing created', async () => {
    const { schoolId } = await approvedSchool();
    const body = await prepared(schoolId, { sms_code: '000000' });
    const first = await register(body);
    expect(first.status).toBe(400);
    expect(first.body).toEqual({ sms_code: ['验证码错误，还可尝试 4 次'] });
    for (let i = 0; i < 4; i++) await register(body);
    const right = await register({ ...body, sms_code: TEST_CODE });
    expect(right.status).toBe(400);
    expect(right.body).toEqual({ sms_code: ['验证码错误次数过多，请重新获取'] });
    expect(await accountsNamed(body.username)).toHaveLength(0);
  });

  it('400 on sms_code: never requested, expired, used', async () => {
    const { schoolId } = await approvedSchool();
    const none = await register({
      username: uniqueName('无'),
      password: 'secret-12',
      school_id: schoolId,
      phone: uniquePhone(),
      sms_code: TEST_CODE,
    });
    expect(none.status).toBe(400);
    expect(none.body).toEqual({ sms_code: ['请先获取验证码'] });

    const expired = await prepared(schoolId);
    await testDeps()
      .db.update(smsCodes)
      .set({ expiresAt: Date.now() - 1 })
      .where(eq(smsCodes.phone, expired.phone))
      .run();
    const exp = await register(expired);
    expect(exp.status).toBe(400);
    expect(exp.body).toEqual({ sms_code: ['验证码已过期，请重新获取'] });

    // A used code: the account it created is gone, the phone is free again, the code is not.
    const t = await excourseTeacher(schoolId);
    await testDeps().db.delete(accounts).where(eq(accounts.id, t.id)).run();
    const used = await register({
      username: uniqueName('再'),
      password: 'secret-12',
      school_id: schoolId,
      phone: t.phone,
      sms_code: TEST_CODE,
    });
    expect(used.status).toBe(400);
    expect(used.body).toEqual({ sms_code: ['验证码已使用，请重新获取'] });
  });

  it('400 on school_id for a pending or unknown school; the code stays usable', async () => {
    const owner = await campusTeacher();
    const pending = await createSchool(owner.token);
    const body = await prepared(pending.id);
    const res = await register(body);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ school_id: ['学校不存在或尚未通过审核。'] });
    expect((await register({ ...body, school_id: 987654321 })).body).toEqual({ school_id: ['学校不存在或尚未通过审核。'] });
    const [row] = await codeRows(body.phone);
    expect(row).toMatchObject({ consumedAt: null, attempts: 0 });
  });

  it('400 for a taken username or phone', async () => {
    const { schoolId } = await approvedSchool();
    const t = await excourseTeacher(schoolId);
    const dupName = await register(await prepared(schoolId, { username: t.username }));
    expect(dupName.status).toBe(400);
    expect(dupName.body).toEqual({ username: ['已存在一位使用该名字的用户。'] });
    const dupPhone = await register({
      username: uniqueName('新'),
      password: 'secret-12',
      school_id: schoolId,
      phone: t.phone,
      sms_code: TEST_CODE,
    });
    expect(dupPhone.status).toBe(400);
    // Every field is validated, as DRF does: the phone is taken and its code was spent registering it.
    expect(dupPhone.body).toEqual({ phone: ['该手机号已被注册。'], sms_code: ['验证码已使用，请重新获取'] });
    // A taken username with a code never requested for the phone: both are said.
    const noCode = await register({
      username: t.username,
      password: 'secret-12',
      school_id: schoolId,
      phone: uniquePhone(),
      sms_code: TEST_CODE,
    });
    expect(noCode.body).toEqual({ username: ['已存在一位使用该名字的用户。'], sms_code: ['请先获取验证码'] });
  });

  it('400 for missing fields, bad values and fields that would grant something', async () => {
    const missing = await register({});
    expect(missing.status).toBe(400);
    for (const f of ['username', 'password', 'school_id', 'phone', 'sms_code']) expect(missing.body[f], f).toEqual(['该字段是必填项。']);

    const { schoolId } = await approvedSchool();
    const base = await prepared(schoolId);
    const cases: [Record<string, unknown>, string][] = [
      [{ password: '12' }, 'password'],
      [{ username: 'has space' }, 'username'],
      [{ username: '' }, 'username'],
      [{ sms_code: '12345' }, 'sms_code'],
      [{ school_id: 'one' }, 'school_id'],
      [{ school_id: 0 }, 'school_id'],
      [{ email: 'not-an-email' }, 'email'],
      [{ is_grade: 1 }, 'is_grade'],
      [{ is_super: 1 }, 'is_super'],
    ];
    for (const [patch, field] of cases) {
      const res = await register({ ...base, ...patch });
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(Object.keys(res.body), JSON.stringify(patch)).toEqual([field]);
    }
    expect(await accountsNamed(base.username)).toHaveLength(0);
    expect((await register(base)).status).toBe(201);
  });

  it('ignores unknown fields, those that would grant something included: nothing they name is assigned', async () => {
    const { schoolId } = await approvedSchool();
    const base = await prepared(schoolId);
    const extras = {
      is_superuser: true,
      role: 'sysadmin',
      is_active: false,
      is_delete: 1,
      id: 987654321,
      password_hash: 'x',
      captcha: 'x',
      confirm_password: base.password,
    };
    const res = await register({ ...base, ...extras });
    expect(res.status, res.text).toBe(201);
    expect(res.body.id).not.toBe(987654321);
    const back = await call('GET', `/users/${res.body.id}/`, { headers: jwt(res.body.token) });
    expect(back.status).toBe(200);
    expect(back.body).toMatchObject({ is_superuser: false, is_super: 0, is_grade: 0, is_active: true, is_delete: false });
    const signIn = await call('POST', '/users/login/', { json: { username: base.username, password: base.password } });
    expect(signIn.status).toBe(200);
  });
});

describe('POST /users/login/', () => {
  it('200 {user_id, username, token}; last_login is recorded', async () => {
    const { schoolId } = await approvedSchool();
    const t = await excourseTeacher(schoolId);
    const res = await call('POST', '/users/login/', { json: { username: t.username, password: t.password } });
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.body)).toEqual(['user_id', 'username', 'token']);
    expect(res.body).toMatchObject({ user_id: t.id, username: t.username });
    const me = await call('GET', `/users/${t.id}/`, { headers: jwt(res.body.token) });
    expect(me.body.last_login).toMatch(ISO_LOCAL);
  });

  it('400 non_field_errors for a wrong password or unknown user, a disabled account and a student', async () => {
    const { schoolId, owner } = await approvedSchool();
    const t = await excourseTeacher(schoolId);
    const wrong = await call('POST', '/users/login/', { json: { username: t.username, password: 'nope-nope' } });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toEqual({ non_field_errors: ['无法使用提供的认证信息登录。'] });
    const unknown = await call('POST', '/users/login/', { json: { username: uniqueName('无人'), password: 'nope-nope' } });
    expect(unknown.body).toEqual(wrong.body);

    await testDeps().db.update(accounts).set({ isActive: false }).where(eq(accounts.id, t.id)).run();
    const disabled = await call('POST', '/users/login/', { json: { username: t.username, password: t.password } });
    expect(disabled.status).toBe(400);
    expect(disabled.body).toEqual({ non_field_errors: ['用户账户已禁用。'] });

    const student = await createStudent(owner.token, schoolId);
    const asStudent = await call('POST', '/users/login/', { json: { username: student.username, password: student.password } });
    expect(asStudent.status).toBe(400);
    expect(asStudent.body.non_field_errors).toHaveLength(1);
    expect(asStudent.body).not.toHaveProperty('token');
  });

  it('accounts without a username (the bootstrapped sysadmin, campus teachers) sign in with their e-mail', async () => {
    const root = await call('POST', '/users/login/', { json: { username: ADMIN.email, password: ADMIN.password } });
    expect(root.status, root.text).toBe(200);
    const me = await call('GET', `/users/${root.body.user_id}/`, { headers: jwt(root.body.token) });
    expect(me.body).toMatchObject({ id: root.body.user_id, is_superuser: true, email: ADMIN.email });
    const t = await campusTeacher();
    const byEmail = await call('POST', '/users/login/', { json: { username: t.email.toUpperCase(), password: t.password } });
    expect(byEmail.status, byEmail.text).toBe(200);
    expect(byEmail.body.user_id).toBe(t.id);
    const wrong = await call('POST', '/users/login/', { json: { username: t.email, password: 'nope-nope' } });
    expect(wrong.body).toEqual({ non_field_errors: ['无法使用提供的认证信息登录。'] });
  });

  it('400 for missing fields', async () => {
    const res = await call('POST', '/users/login/', { json: { password: 'x' } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ username: ['该字段是必填项。'] });
  });
});
