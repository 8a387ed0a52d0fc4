/**
 * One account seen through several APIs (found by an outside audit across the five documents): the
 * excourse e-mail sign-in next to campus student usernames, the campus identity hint, avatars stored
 * as this Worker's paths, and excourse `icon` values that every API shows as the avatar.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts } from '../../src/db/schema';
import { testDeps } from '../helpers/deps';
import { call, registerLearner } from '../helpers/http';
import { approvedSchool, campusLogin, createStudent, excourseTeacher, jwt, uniquePhone } from './campus/support';

const setAvatar = (id: number, url: string | null) =>
  testDeps().db.update(accounts).set({ avatarUrl: url }).where(eq(accounts.id, id)).run();

describe('the excourse e-mail sign-in and campus student usernames', () => {
  it('an e-mail registered after a campus student took it as a username still signs in to excourse; the student is untouched', async () => {
    const { owner, schoolId } = await approvedSchool();
    // Student usernames are at most 32 characters.
    const email = `tf${Date.now().toString(36).slice(-6)}${Math.random().toString(36).slice(2, 6)}@ex.test`;
    const student = await createStudent(owner.token, schoolId, { username: email });
    const reg = await call('POST', '/api/auth/register', {
      json: { user_name: '后来者', phone: uniquePhone(), email, password: 'later-pass-1', role: 'instructor' },
    });
    expect(reg.status, reg.text).toBe(200);
    // Wrong passwords on the e-mail do not count against the student's account.
    for (let i = 0; i < 3; i++)
      expect((await call('POST', '/users/login/', { json: { username: email, password: 'wrong-pass' } })).status).toBe(400);
    const signedIn = await call('POST', '/users/login/', { json: { username: email.toUpperCase(), password: 'later-pass-1' } });
    expect(signedIn.status, signedIn.text).toBe(200);
    expect(signedIn.body.user_id).toBe(reg.body.data.userId);
    expect(await campusLogin(2, student.username, student.password)).toEqual(expect.any(String));
    // With no account behind the e-mail the student is still who the name means (and is refused here).
    const alone = await createStudent(owner.token, schoolId, {
      username: `al${Date.now().toString(36).slice(-6)}${Math.random().toString(36).slice(2, 6)}@ex.test`,
    });
    const refused = await call('POST', '/users/login/', { json: { username: alone.username, password: alone.password } });
    expect(refused.body).toEqual({ non_field_errors: ['学生账号不能登录教师端。'] });
  });
});

describe('the campus identity hint', () => {
  it('names the other identity only when the account can use it', async () => {
    const learner = await registerLearner();
    const asTeacher = await call('POST', '/v1/login', { json: { identity: 1, username: learner.email, password: learner.password } });
    expect(asTeacher.status).toBe(401);
    expect(asTeacher.body.msg).toBe('该账号不是教师账号');
    const { schoolId } = await approvedSchool();
    const teacher = await excourseTeacher(schoolId);
    const asStudent = await call('POST', '/v1/login', { json: { identity: 2, username: teacher.username, password: teacher.password } });
    expect(asStudent.status).toBe(401);
    expect(asStudent.body.msg).toBe('该账号不是学生账号');
  });
});

describe('avatars across APIs', () => {
  it('a stored path is an absolute URL in progress (avatar) and excourse (icon); a given URL stays', async () => {
    const { schoolId } = await approvedSchool();
    const teacher = await excourseTeacher(schoolId);
    const path = `/api/user/avatars/${teacher.id}/0123456789abcdef0123456789abcdef.png`;
    await setAvatar(teacher.id, path);
    expect((await call('GET', `/users/${teacher.id}/`, { headers: jwt(teacher.token) })).body.icon).toBe(`http://localhost${path}`);
    expect((await call('GET', '/api/users/current', { token: teacher.token })).body.data.avatar).toBe(`http://localhost${path}`);
    await setAvatar(teacher.id, 'https://cdn.example.test/a.png');
    expect((await call('GET', `/users/${teacher.id}/`, { headers: jwt(teacher.token) })).body.icon).toBe('https://cdn.example.test/a.png');
  });

  it('excourse icon takes http(s) URLs and this Worker paths only, never javascript: or data:', async () => {
    const { schoolId } = await approvedSchool();
    const t = await excourseTeacher(schoolId);
    const put = (icon: unknown) => call('PUT', `/users/${t.id}/`, { headers: jwt(t.token), json: { icon } });
    for (const bad of ['javascript:alert(1)', 'data:image/png;base64,AAAA', '//evil.example/x.png', 'not a url']) {
      const res = await put(bad);
      expect(res.status, bad).toBe(400);
      expect(res.body).toEqual({ icon: ['请输入合法的URL。'] });
    }
    expect((await testDeps().db.select({ a: accounts.avatarUrl }).from(accounts).where(eq(accounts.id, t.id)).get())!.a).toBeNull();
    for (const good of ['https://cdn.example.test/i.png', `/api/user/avatars/${t.id}/0123456789abcdef0123456789abcdef.png`])
      expect((await put(good)).status, good).toBe(200);
    expect((await put('')).body.icon).toBeNull();
  });
});
