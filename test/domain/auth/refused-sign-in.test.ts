/**
 * A sign-in an API refuses after the password was right (the wrong campus identity, a role the API
 * does not serve) is not a sign-in: the account's last-login time stays as it was, and the answer is
 * the API's refusal. The right password still clears earlier failures of the lockout.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts } from '../../../src/db/schema';
import { createAccount } from '../../../src/domain/accounts/accounts';
import type { Role } from '../../../src/domain/accounts/roles';
import { testDeps } from '../../helpers/deps';
import { call, uniqueEmail } from '../../helpers/http';

let seq = 0;
const uniquePhone = () => `139${String(Date.now() % 1e6).padStart(6, '0')}${String(++seq % 100).padStart(2, '0')}`;

async function accountWith(role: Role) {
  const fields = {
    email: uniqueEmail('refused'),
    phone: uniquePhone(),
    username: `refused_${Date.now().toString(36)}_${++seq}`,
    name: '拒绝',
    password: 'secret-pass-1',
    role,
  };
  const a = await createAccount(testDeps(), fields, { selfRegistration: false });
  return { ...fields, id: a.id };
}

const lastLogin = async (id: number) =>
  (await testDeps().db.select({ at: accounts.lastLoginAt }).from(accounts).where(eq(accounts.id, id)).get())?.at;

describe('a sign-in refused after the right password leaves last_login_at alone', () => {
  it('campus: a student signing in as a teacher (identity 1) and a teacher as a student (identity 2)', async () => {
    const student = await accountWith('student');
    const teacher = await accountWith('teacher');
    const asTeacher = await call('POST', '/v1/login', { json: { identity: 1, username: student.email, password: student.password } });
    expect(asTeacher.status).toBe(401);
    expect(asTeacher.body.msg).toBe('该账号不是教师账号，请选择学生身份登录');
    const asStudent = await call('POST', '/v1/login', { json: { identity: 2, username: teacher.username, password: teacher.password } });
    expect(asStudent.status).toBe(401);
    expect(asStudent.body.msg).toBe('该账号不是学生账号，请选择教师身份登录');
    expect(await lastLogin(student.id)).toBeNull();
    expect(await lastLogin(teacher.id)).toBeNull();
    // The same accounts with the right identity are signed in and stamped.
    expect(
      (await call('POST', '/v1/login', { json: { identity: 2, username: student.username, password: student.password } })).status,
    ).toBe(200);
    expect(await lastLogin(student.id)).toEqual(expect.any(Number));
  });

  it('excourse: a campus student', async () => {
    const student = await accountWith('student');
    const res = await call('POST', '/users/login/', { json: { username: student.username, password: student.password } });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ non_field_errors: ['学生账号不能登录教师端。'] });
    expect(await lastLogin(student.id)).toBeNull();
  });

  it('progress: an account without a progress role', async () => {
    const student = await accountWith('student');
    const res = await call('POST', '/api/users/login', { json: { email: student.email, password: student.password } });
    expect(res.status).toBe(403);
    expect(await lastLogin(student.id)).toBeNull();
  });

  it('personal center: an administrator', async () => {
    const admin = await accountWith('admin');
    const res = await call('POST', '/api/auth/login', { json: { phone: admin.phone, password: admin.password } });
    expect(res.status).toBe(403);
    expect(await lastLogin(admin.id)).toBeNull();
  });
});
