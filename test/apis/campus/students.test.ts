import { describe, expect, it } from 'vitest';
import { call } from '../../helpers/http';
import {
  accountRow,
  adminToken,
  approvedSchool,
  campusLogin,
  campusTeacher,
  createSchool,
  createStudent,
  expectCampusError,
  expectOk,
  uniqueName,
} from './support';

const STUDENT_KEYS = ['id', 'name', 'username', 'school_id', 'last_login_at', 'created_at', 'updated_at'];
const studentsPath = (schoolId: number) => `/v1/teacher/schools/${schoolId}/students`;

describe('students of a school (its owner)', () => {
  it('creates a student who signs in with identity 2', async () => {
    const { owner, schoolId } = await approvedSchool();
    const username = uniqueName('stu');
    const data = expectOk(
      await call('POST', studentsPath(schoolId), { token: owner.token, json: { name: '小红', username, password: 'pass-123' } }),
    );
    expect(Object.keys(data)).toEqual(STUDENT_KEYS);
    expect(data).toMatchObject({ name: '小红', username, school_id: schoolId, last_login_at: null });
    expect(await campusLogin(2, username, 'pass-123')).toEqual(expect.any(String));
    expect((await accountRow(data.id))!.role).toBe('student');
  });

  it('refused for a pending school (510), another teacher (403), unknown school (410); nothing created', async () => {
    const t = await campusTeacher();
    const pending = await createSchool(t.token);
    const body = { name: '学生', username: uniqueName('stu'), password: 'pass-123' };
    expect(expectCampusError(await call('POST', studentsPath(pending.id), { token: t.token, json: body }), 510).msg).toContain(
      '尚未通过审核',
    );
    const { schoolId } = await approvedSchool();
    expectCampusError(await call('POST', studentsPath(schoolId), { token: t.token, json: body }), 403);
    expectCampusError(await call('POST', studentsPath(987654321), { token: t.token, json: body }), 410);
    expectCampusError(await call('POST', '/v1/login', { json: { identity: 2, username: body.username, password: body.password } }), 401);
  });

  it('422 for a short or taken username, a bad password; a role or school sent is ignored', async () => {
    const { owner, schoolId } = await approvedSchool();
    const existing = await createStudent(owner.token, schoolId);
    const cases: [Record<string, unknown>, string][] = [
      [{ username: 'abc' }, 'username'],
      [{ username: 'has space' }, 'username'],
      [{ username: existing.username.toUpperCase() }, 'username'],
      [{ password: '12345' }, 'password'],
      [{ password_confirmation: 'does-not-match' }, 'password'],
      [{ name: '' }, 'name'],
    ];
    for (const [patch, field] of cases) {
      const res = expectCampusError(
        await call('POST', studentsPath(schoolId), {
          token: owner.token,
          json: { name: 'N', username: uniqueName('stu'), password: 'pass-123', ...patch },
        }),
        422,
      );
      expect(Object.keys(res.data), JSON.stringify(patch)).toEqual([field]);
    }
    const other = await approvedSchool();
    const body = { name: 'N', username: uniqueName('stu'), password: 'pass-123' };
    const made = expectOk(
      await call('POST', studentsPath(schoolId), { token: owner.token, json: { ...body, role: 'teacher', school_id: other.schoolId } }),
    );
    expect(made.school_id).toBe(schoolId);
    const token = await campusLogin(2, body.username, body.password);
    expect(expectOk(await call('GET', '/v1/student/profile', { token }))).toMatchObject({ id: made.id, school: { id: schoolId } });
    expectCampusError(await call('GET', '/v1/teacher/schools', { token }), 403);
  });

  it('lists students with pages and a keyword; only for the owner', async () => {
    const { owner, schoolId } = await approvedSchool();
    const tag = uniqueName('kw').replace(/_/g, '');
    await createStudent(owner.token, schoolId, { name: `甲${tag}` });
    await createStudent(owner.token, schoolId, { name: '乙' });
    await createStudent(owner.token, schoolId, { name: '丙' });
    const page = expectOk(await call('GET', `${studentsPath(schoolId)}?per_page=2`, { token: owner.token }));
    expect(page).toMatchObject({ total: 3, last_page: 2, per_page: 2, from: 1, to: 2 });
    expect(Object.keys(page.list[0])).toEqual(STUDENT_KEYS);
    const found = expectOk(await call('GET', `${studentsPath(schoolId)}?keyword=${encodeURIComponent(tag)}`, { token: owner.token }));
    expect(found.list.map((s: { name: string }) => s.name)).toEqual([`甲${tag}`]);
    expectCampusError(await call('GET', studentsPath(schoolId), { token: (await campusTeacher()).token }), 403);
    expectCampusError(await call('GET', studentsPath(schoolId), { token: await adminToken() }), 403);
  });

  it('resets a password: the student’s tokens stop, the new password works', async () => {
    const { owner, schoolId } = await approvedSchool();
    const s = await createStudent(owner.token, schoolId);
    const token = await campusLogin(2, s.username, s.password);
    expectCampusError(
      await call('PUT', `${studentsPath(schoolId)}/${s.id}/password`, {
        token: (await campusTeacher()).token,
        json: { password: 'hijack-1' },
      }),
      403,
    );
    expectOk(await call('GET', '/v1/student/profile', { token }));
    expect(
      expectOk(await call('PUT', `${studentsPath(schoolId)}/${s.id}/password`, { token: owner.token, json: { password: 'reset-123' } })),
    ).toEqual({});
    expectCampusError(await call('GET', '/v1/student/profile', { token }), 401);
    expect(await campusLogin(2, s.username, 'reset-123')).toEqual(expect.any(String));
    expectCampusError(
      await call('PUT', `${studentsPath(schoolId)}/987654321/password`, { token: owner.token, json: { password: 'reset-123' } }),
      410,
    );
    expectCampusError(
      await call('PUT', `${studentsPath(schoolId)}/${s.id}/password`, { token: owner.token, json: { password: '123' } }),
      422,
    );
  });

  it('PUT …/students/{id} renames and/or sets the password (owner only; a confirmation must match)', async () => {
    const { owner, schoolId } = await approvedSchool();
    const s = await createStudent(owner.token, schoolId);
    const token = await campusLogin(2, s.username, s.password);
    const path = `${studentsPath(schoolId)}/${s.id}`;
    expectCampusError(await call('PUT', path, { token: (await campusTeacher()).token, json: { name: '改名' } }), 403);
    const renamed = expectOk(await call('PUT', path, { token: owner.token, json: { name: '改名' } }));
    expect(Object.keys(renamed)).toEqual(STUDENT_KEYS);
    expect(renamed).toMatchObject({ id: s.id, name: '改名', username: s.username, school_id: schoolId });
    expectOk(await call('GET', '/v1/student/profile', { token })); // a rename keeps the tokens
    expect(
      expectCampusError(
        await call('PUT', path, { token: owner.token, json: { password: 'reset-456', password_confirmation: 'other-456' } }),
        422,
      ).data,
    ).toEqual({
      password: ['密码 两次输入不一致。'],
    });
    expectCampusError(await call('PUT', path, { token: owner.token, json: {} }), 422);
    expectOk(await call('PUT', path, { token: owner.token, json: { password: 'reset-456', password_confirmation: 'reset-456' } }));
    expectCampusError(await call('GET', '/v1/student/profile', { token }), 401);
    expect(await campusLogin(2, s.username, 'reset-456')).toEqual(expect.any(String));
    expectCampusError(await call('PUT', `${studentsPath(schoolId)}/987654321`, { token: owner.token, json: { name: 'x' } }), 410);
  });

  it('removes a student: account gone, tokens refused, sign-in refused; another school’s owner gets 403', async () => {
    const { owner, schoolId } = await approvedSchool();
    const s = await createStudent(owner.token, schoolId);
    const token = await campusLogin(2, s.username, s.password);
    const other = await approvedSchool();
    expectCampusError(await call('DELETE', `${studentsPath(schoolId)}/${s.id}`, { token: other.owner.token }), 403);
    expectCampusError(await call('DELETE', `${studentsPath(other.schoolId)}/${s.id}`, { token: other.owner.token }), 410);
    expect(await accountRow(s.id)).toBeTruthy();
    expect(expectOk(await call('DELETE', `${studentsPath(schoolId)}/${s.id}`, { token: owner.token }))).toEqual({});
    expect(await accountRow(s.id)).toBeUndefined();
    expectCampusError(await call('GET', '/v1/student/profile', { token }), 401);
    expectCampusError(await call('POST', '/v1/login', { json: { identity: 2, username: s.username, password: s.password } }), 401);
    expectCampusError(await call('DELETE', `${studentsPath(schoolId)}/${s.id}`, { token: owner.token }), 410);
  });
});

describe('student self-service', () => {
  it('GET /v1/student/profile: the student with their school; teachers get 403', async () => {
    const { owner, schoolId, name } = await approvedSchool();
    const s = await createStudent(owner.token, schoolId, { name: '小刚' });
    const token = await campusLogin(2, s.username, s.password);
    const data = expectOk(await call('GET', '/v1/student/profile', { token }));
    expect(data).toMatchObject({ id: s.id, name: '小刚', username: s.username, last_login_at: expect.any(Number) });
    expect(data.school).toEqual({
      id: schoolId,
      name,
      status: 2,
      reject_reason: '',
      created_at: expect.any(Number),
      updated_at: expect.any(Number),
      status_text: '正常',
    });
    expect(JSON.stringify(data)).not.toMatch(/password/);
    expectCampusError(await call('GET', '/v1/student/profile', { token: owner.token }), 403);
    expectCampusError(await call('GET', '/v1/student/profile'), 401);
    // Students have no teacher routes.
    expectCampusError(await call('GET', '/v1/teacher/schools', { token }), 403);
  });

  it('PUT /v1/student/password: checks the old one, revokes earlier tokens, returns a new token', async () => {
    const { owner, schoolId } = await approvedSchool();
    const s = await createStudent(owner.token, schoolId);
    const token = await campusLogin(2, s.username, s.password);
    const second = await campusLogin(2, s.username, s.password);
    expect(
      expectCampusError(
        await call('PUT', '/v1/student/password', { token, json: { old_password: 'wrong-1', password: 'new-pass-1' } }),
        422,
      ).data,
    ).toEqual({
      old_password: ['原密码错误'],
    });
    expectCampusError(await call('PUT', '/v1/student/password', { token, json: { old_password: s.password, password: '123' } }), 422);
    expectCampusError(await call('PUT', '/v1/student/password', { token, json: { old_password: s.password, password: s.password } }), 422);
    const data = expectOk(await call('PUT', '/v1/student/password', { token, json: { old_password: s.password, password: 'new-pass-1' } }));
    expect(data).toMatchObject({ token_type: 'bearer', access_token: expect.any(String) });
    expectCampusError(await call('GET', '/v1/student/profile', { token }), 401);
    expectCampusError(await call('GET', '/v1/student/profile', { token: second }), 401);
    expectOk(await call('GET', '/v1/student/profile', { token: data.access_token }));
    expect(await campusLogin(2, s.username, 'new-pass-1')).toEqual(expect.any(String));
    expectCampusError(
      await call('PUT', '/v1/student/password', { token: owner.token, json: { old_password: 'teacher-pass-1', password: 'new-pass-1' } }),
      403,
    );
  });

  it('PUT /v1/student/password also takes current_password / new_password and a password_confirmation', async () => {
    const { owner, schoolId } = await approvedSchool();
    const s = await createStudent(owner.token, schoolId);
    const token = await campusLogin(2, s.username, s.password);
    const mismatch = { old_password: s.password, password: 'new-pass-2', password_confirmation: 'new-pass-3' };
    expect(expectCampusError(await call('PUT', '/v1/student/password', { token, json: mismatch }), 422).data).toEqual({
      password: ['密码 两次输入不一致。'],
    });
    expect(expectCampusError(await call('PUT', '/v1/student/password', { token, json: { password: 'new-pass-2' } }), 422).data).toEqual({
      old_password: ['原密码 不能为空。'],
    });
    expect(expectCampusError(await call('PUT', '/v1/student/password', { token, json: { old_password: s.password } }), 422).data).toEqual({
      password: ['密码 不能为空。'],
    });
    const aliased = { current_password: s.password, new_password: 'new-pass-2', new_password_confirmation: 'new-pass-2' };
    const data = expectOk(await call('PUT', '/v1/student/password', { token, json: aliased }));
    expect(data).toMatchObject({ token_type: 'bearer', access_token: expect.any(String) });
    const confirmed = { old_password: 'new-pass-2', password: 'new-pass-3', password_confirmation: 'new-pass-3' };
    expectOk(await call('PUT', '/v1/student/password', { token: data.access_token, json: confirmed }));
    expect(await campusLogin(2, s.username, 'new-pass-3')).toEqual(expect.any(String));
  });
});
