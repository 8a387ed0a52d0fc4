import { eq } from 'drizzle-orm';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { excourseProfiles, schoolMembers } from '../../../src/db/schema';
import { testDeps } from '../../helpers/deps';
import { call } from '../../helpers/http';
import {
  accountRow,
  adminToken,
  approvedSchool,
  campusLogin,
  campusTeacher,
  createSchool,
  createStudent,
  excourseTeacher,
  forgeToken,
  jwt,
  uniqueEmail,
} from '../campus/support';

const get = (id: number | string, token?: string) => call('GET', `/users/${id}/`, token ? { headers: jwt(token) } : {});
const put = (id: number | string, json: unknown, token?: string) =>
  call('PUT', `/users/${id}/`, { json, ...(token ? { headers: jwt(token) } : {}) });
const login = async (username: string, password: string) =>
  (await call('POST', '/users/login/', { json: { username, password } })).body.token as string;

async function teacherPair() {
  const { schoolId, owner } = await approvedSchool();
  const a = await excourseTeacher(schoolId);
  const b = await excourseTeacher(schoolId);
  return { schoolId, owner, a, b };
}

describe('GET /users/{pk}/', () => {
  it('any signed-in user reads a teacher: another teacher (JWT), a campus teacher and a student (Bearer)', async () => {
    const { a, b, owner, schoolId } = await teacherPair();
    const student = await createStudent(owner.token, schoolId);
    const studentToken = await campusLogin(2, student.username, student.password);
    const seen = await get(a.id, b.token);
    expect(seen.status, seen.text).toBe(200);
    // The document's fields, the phone masked for another teacher (contact-privacy.test.ts).
    const { token: _t, ...registered } = a.user;
    expect(seen.body).toEqual({ ...registered, phone: `${a.phone.slice(0, 3)}****${a.phone.slice(-4)}` });
    expect(seen.text).not.toContain(a.phone);
    expect(seen.text).not.toMatch(/password|pbkdf2/);
    for (const token of [owner.token, studentToken]) {
      const res = await call('GET', `/users/${a.id}/`, { token });
      expect(res.status, res.text).toBe(200);
      expect(res.body.id).toBe(a.id);
    }
  });

  it('401 {detail} without a valid token, with WWW-Authenticate', async () => {
    const { a } = await teacherPair();
    const none = await get(a.id);
    expect(none.status).toBe(401);
    expect(none.body).toEqual({ detail: '身份认证信息未提供。' });
    expect(none.headers.get('WWW-Authenticate')).toBe('JWT realm="api"');
    for (const header of ['JWT', `Token ${a.token}`, 'JWT garbage', `Basic ${a.token}`]) {
      const res = await call('GET', `/users/${a.id}/`, { headers: { Authorization: header } });
      expect(res.status, header).toBe(401);
      expect(Object.keys(res.body)).toEqual(['detail']);
    }
    const past = Math.floor(Date.now() / 1000) - 7200;
    const expired = await get(a.id, await forgeToken(a.id, { iat: past, exp: past + 60 }));
    expect(expired.status).toBe(401);
    expect(expired.body).toEqual({ detail: '签名已过期。' });
  });

  it('404 {detail} for an unknown or non-numeric pk, and for accounts that are not excourse teachers', async () => {
    const { a } = await teacherPair();
    for (const pk of ['987654321', 'abc', '0', '-1', '1.5']) {
      const res = await get(pk, a.token);
      expect(res.status, pk).toBe(404);
      expect(res.body).toEqual({ detail: '未找到。' });
    }
    // A campus teacher has no excourse profile: hidden from others, visible to themself and to a sysadmin.
    const campus = await campusTeacher();
    expect((await get(campus.id, a.token)).status).toBe(404);
    const self = await call('GET', `/users/${campus.id}/`, { token: campus.token });
    expect(self.status).toBe(200);
    expect(self.body).toMatchObject({ id: campus.id, email: campus.email, school_id: null, work_id: null, is_superuser: false });
    expect((await call('GET', `/users/${campus.id}/`, { token: await adminToken() })).status).toBe(200);
  });

  it('a campus student is no excourse teacher: hidden from others, and cannot give themself a profile', async () => {
    const { a, owner, schoolId } = await teacherPair();
    const s = await createStudent(owner.token, schoolId);
    const token = await campusLogin(2, s.username, s.password);
    expect((await get(s.id, a.token)).status).toBe(404);
    const self = await call('GET', `/users/${s.id}/`, { token });
    expect(self.status).toBe(200);
    expect(self.body).toMatchObject({ id: s.id, school_id: schoolId, is_superuser: false });
    const edit = await call('PUT', `/users/${s.id}/`, { token, json: { wechat: 'student-wx' } });
    expect(edit.status).toBe(403);
    expect((await get(s.id, a.token)).status).toBe(404);
  });
});

describe('PUT /users/{pk}/', () => {
  it('the user changes email, icon, wechat and work_id', async () => {
    const { a } = await teacherPair();
    const email = uniqueEmail('put');
    const res = await put(a.id, { email, icon: 'https://cdn.example.test/i.png', wechat: 'wx1', work_id: 'J-1' }, a.token);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id: a.id, email, icon: 'https://cdn.example.test/i.png', wechat: 'wx1', work_id: 'J-1' });
    expect(res.body).not.toHaveProperty('token');
    expect(res.body.update_time >= a.user.update_time).toBe(true);
    const cleared = await put(a.id, { wechat: null, icon: '' }, a.token);
    expect(cleared.body).toMatchObject({ wechat: null, icon: null, email });
    // The old token still works: nothing was revoked.
    expect((await get(a.id, a.token)).status).toBe(200);
  });

  it("a password change revokes the user's other tokens; the one it was sent with keeps working", async () => {
    const { a } = await teacherPair();
    const other = await login(a.username, a.password);
    const res = await put(a.id, { password: 'brand-new-1' }, a.token);
    expect(res.status, res.text).toBe(200);
    // The document's answer: the user, no token (the frontend keeps the one it has).
    expect(res.body).not.toHaveProperty('token');
    expect(res.text).not.toContain('brand-new-1');
    expect((await get(a.id, other)).status).toBe(401);
    expect((await get(a.id, a.token)).status).toBe(200);
    expect((await put(a.id, { wechat: 'still-signed-in' }, a.token)).status).toBe(200);
    const wrongOld = await call('POST', '/users/login/', { json: { username: a.username, password: a.password } });
    expect(wrongOld.status).toBe(400);
    expect(await login(a.username, 'brand-new-1')).toEqual(expect.any(String));
  });

  it('403 {detail} for another user, who changes nothing', async () => {
    const { a, b } = await teacherPair();
    const before = await accountRow(a.id);
    const res = await put(a.id, { wechat: 'hijacked', password: 'hijacked-1' }, b.token);
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ detail: '您没有执行该操作的权限。' });
    expect(await accountRow(a.id)).toEqual(before);
    expect((await get(a.id, a.token)).status).toBe(200);
  });

  it('403 when a non-sysadmin sends is_superuser, is_super, is_grade, is_active or school_id (nothing applied)', async () => {
    const { a, schoolId } = await teacherPair();
    const other = await approvedSchool();
    const before = await accountRow(a.id);
    for (const patch of [
      { is_superuser: true },
      { is_super: 1 },
      { is_grade: 1 },
      { is_active: false },
      { school_id: other.schoolId },
      { school_id: schoolId, wechat: 'x' },
    ]) {
      const res = await put(a.id, patch, a.token);
      expect(res.status, JSON.stringify(patch)).toBe(403);
      expect(Object.keys(res.body)).toEqual(['detail']);
    }
    expect(await accountRow(a.id)).toEqual(before);
    const profile = await testDeps().db.select().from(excourseProfiles).where(eq(excourseProfiles.accountId, a.id)).get();
    expect(profile).toMatchObject({ wechat: null, isGrade: 0, isSuper: 0 });
    // The campus owner (admin of the school) is not a sysadmin either.
    const { owner } = await teacherPair();
    expect((await call('PUT', `/users/${a.id}/`, { token: owner.token, json: { is_grade: 1 } })).status).toBe(403);
  });

  it('a sysadmin grants, moves the teacher to another approved school and disables; the target’s tokens stop', async () => {
    const { a } = await teacherPair();
    const root = await adminToken();
    const other = await approvedSchool();
    const res = await call('PUT', `/users/${a.id}/`, {
      token: root,
      json: { is_superuser: true, is_grade: 1, is_super: 1, school_id: other.schoolId },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ is_superuser: true, is_grade: 1, is_super: 1, school_id: other.schoolId });
    expect(res.body).not.toHaveProperty('token');
    expect((await accountRow(a.id))!.role).toBe('sysadmin');
    expect((await get(a.id, a.token)).status).toBe(401);
    const member = await testDeps().db.select().from(schoolMembers).where(eq(schoolMembers.accountId, a.id)).get();
    expect(member!.schoolId).toBe(other.schoolId);

    const off = await call('PUT', `/users/${a.id}/`, { token: root, json: { is_superuser: false, is_active: false } });
    expect(off.body).toMatchObject({ is_superuser: false, is_active: false });
    const signIn = await call('POST', '/users/login/', { json: { username: a.username, password: a.password } });
    expect(signIn.body).toEqual({ non_field_errors: ['用户账户已禁用。'] });
  });

  it('400 for a school that is not approved, an e-mail in use or malformed', async () => {
    const { a, b } = await teacherPair();
    const root = await adminToken();
    const pending = await createSchool((await campusTeacher()).token);
    const bad = await call('PUT', `/users/${a.id}/`, { token: root, json: { school_id: pending.id } });
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ school_id: ['学校不存在或尚未通过审核。'] });

    const taken = uniqueEmail('taken');
    expect((await put(b.id, { email: taken }, b.token)).status).toBe(200);
    const dup = await put(a.id, { email: taken.toUpperCase() }, a.token);
    expect(dup.status).toBe(400);
    expect(dup.body).toEqual({ email: ['该邮箱已被使用。'] });
    expect((await put(a.id, { email: 'nope' }, a.token)).body).toEqual({ email: ['请输入合法的邮件地址。'] });
    expect((await put(a.id, { password: '12' }, a.token)).status).toBe(400);
    expect((await accountRow(a.id))!.email).toBeNull();
  });

  it('fields that cannot change (username, phone, id, ...) are ignored: 200 and the teacher read back unchanged', async () => {
    const { a } = await teacherPair();
    const before = await call('GET', `/users/${a.id}/`, { headers: jwt(a.token) });
    for (const field of ['username', 'phone', 'id', 'is_delete', 'groups', 'user_permissions', 'create_time', 'role']) {
      const res = await put(a.id, { [field]: 'x' }, a.token);
      expect(res.status, field).toBe(200);
    }
    const after = await call('GET', `/users/${a.id}/`, { headers: jwt(a.token) });
    expect(after.body).toEqual(before.body);
  });

  it('401 without a token, 404 for an unknown pk, 405 for PATCH', async () => {
    const { a } = await teacherPair();
    expect((await put(a.id, { wechat: 'x' })).status).toBe(401);
    expect((await call('PUT', '/users/987654321/', { token: await adminToken(), json: { wechat: 'x' } })).status).toBe(404);
    const patch = await call('PATCH', `/users/${a.id}/`, { headers: jwt(a.token), json: { wechat: 'x' } });
    expect(patch.status).toBe(405);
    expect(patch.body).toEqual({ detail: '方法 “PATCH” 不被允许。' });
    expect(patch.headers.get('Allow')).toContain('PUT');
  });
});

describe('the djangorestframework-jwt payload and the login name', () => {
  const payload = (token: string) => decodeJwt(token);

  it('a registered teacher: the token carries user_id, username and email as the document shows', async () => {
    const { schoolId } = await approvedSchool();
    const email = uniqueEmail('jwt');
    const t = await excourseTeacher(schoolId, { email });
    expect(payload(t.token)).toMatchObject({ user_id: t.id, username: t.username, email });
    const signedIn = await call('POST', '/users/login/', { json: { username: t.username, password: t.password } });
    expect(signedIn.body).toEqual({ user_id: t.id, username: t.username, token: expect.any(String) });
    expect(payload(signedIn.body.token)).toMatchObject({ user_id: t.id, username: t.username, email });
  });

  it('an account without a username (a campus teacher) signs in with its e-mail, which is its username here', async () => {
    const c = await campusTeacher('没有用户名');
    const signedIn = await call('POST', '/users/login/', { json: { username: c.email, password: c.password } });
    expect(signedIn.status, signedIn.text).toBe(200);
    expect(signedIn.body.username).toBe(c.email);
    expect(payload(signedIn.body.token)).toMatchObject({ user_id: c.id, username: c.email, email: c.email });
    expect((await get(c.id, signedIn.body.token)).body.username).toBe(c.email);
  });
});
