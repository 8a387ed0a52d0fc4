import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { schools } from '../../../src/db/schema';
import { testDeps } from '../../helpers/deps';
import { call } from '../../helpers/http';
import {
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

const SCHOOL_KEYS = ['id', 'name', 'status', 'reject_reason', 'created_at', 'updated_at', 'status_text', 'is_owner'];
const schoolRow = (id: number) => testDeps().db.select().from(schools).where(eq(schools.id, id)).get();

describe('teacher schools', () => {
  it('create: 待审核 with the documented fields, times in 10-digit seconds', async () => {
    const t = await campusTeacher();
    const name = uniqueName('四川大学');
    const data = expectOk(await call('POST', '/v1/teacher/schools', { token: t.token, json: { name } }));
    expect(Object.keys(data)).toEqual(SCHOOL_KEYS);
    expect(data).toMatchObject({ name, status: 1, status_text: '待审核', reject_reason: '', is_owner: true });
    expect(String(data.created_at)).toMatch(/^\d{10}$/);
    expect(Math.abs(data.created_at - Date.now() / 1000)).toBeLessThan(60);
  });

  it('create: 422 for a name outside 4-50, a taken one; a status sent is ignored; 403 for a student; 401 without token', async () => {
    const t = await campusTeacher();
    for (const name of ['川大', 'x'.repeat(51), '', '   ab   ']) {
      expect(expectCampusError(await call('POST', '/v1/teacher/schools', { token: t.token, json: { name } }), 422).data).toHaveProperty(
        'name',
      );
    }
    const taken = await createSchool(t.token);
    expect(expectCampusError(await call('POST', '/v1/teacher/schools', { token: t.token, json: { name: taken.name } }), 422).data).toEqual({
      name: ['学校名称已存在'],
    });
    const sent = expectOk(
      await call('POST', '/v1/teacher/schools', { token: t.token, json: { name: uniqueName('学校'), status: 2, owner_id: 1, id: 1 } }),
    );
    expect(sent.id).not.toBe(1);
    expect(expectOk(await call('GET', `/v1/teacher/schools/${sent.id}`, { token: t.token }))).toMatchObject({ status: 1, is_owner: true });
    const { owner, schoolId } = await approvedSchool();
    const s = await createStudent(owner.token, schoolId);
    expectCampusError(
      await call('POST', '/v1/teacher/schools', {
        token: await campusLogin(2, s.username, s.password),
        json: { name: uniqueName('学校') },
      }),
      403,
    );
    expectCampusError(await call('POST', '/v1/teacher/schools', { json: { name: uniqueName('学校') } }), 401);
  });

  it('list: my schools, Laravel-style pages (page, per_page ≤ 100)', async () => {
    const t = await campusTeacher();
    const made = [await createSchool(t.token), await createSchool(t.token), await createSchool(t.token)];
    await createSchool((await campusTeacher()).token);
    const first = expectOk(await call('GET', '/v1/teacher/schools?per_page=2', { token: t.token }));
    expect(first).toMatchObject({ total: 3, current_page: 1, last_page: 2, per_page: 2, from: 1, to: 2 });
    expect(first.list.map((s: { id: number }) => s.id)).toEqual([made[2]!.id, made[1]!.id]);
    const second = expectOk(await call('GET', '/v1/teacher/schools?per_page=2&page=2', { token: t.token }));
    expect(second).toMatchObject({ current_page: 2, from: 3, to: 3 });
    expect(second.list.map((s: { id: number }) => s.id)).toEqual([made[0]!.id]);
    const beyond = expectOk(await call('GET', '/v1/teacher/schools?page=9', { token: t.token }));
    expect(beyond).toMatchObject({ list: [], total: 3, current_page: 9, last_page: 1, per_page: 15, from: null, to: null });
    const empty = expectOk(await call('GET', '/v1/teacher/schools', { token: (await campusTeacher()).token }));
    expect(empty).toEqual({ list: [], total: 0, current_page: 1, last_page: 1, per_page: 15, from: null, to: null });
    for (const q of ['per_page=101', 'per_page=0', 'page=0', 'page=abc', 'per_page=1.5']) {
      expect(expectCampusError(await call('GET', `/v1/teacher/schools?${q}`, { token: t.token }), 422).data, q).toBeTruthy();
    }
  });

  it('detail: owner and administrators; another teacher 403; unknown 410; bad id 422', async () => {
    const t = await campusTeacher();
    const s = await createSchool(t.token);
    expect(expectOk(await call('GET', `/v1/teacher/schools/${s.id}`, { token: t.token }))).toMatchObject({ id: s.id, is_owner: true });
    expect(expectOk(await call('GET', `/v1/teacher/schools/${s.id}`, { token: await adminToken() }))).toMatchObject({
      id: s.id,
      is_owner: false,
    });
    expectCampusError(await call('GET', `/v1/teacher/schools/${s.id}`, { token: (await campusTeacher()).token }), 403);
    expect(expectCampusError(await call('GET', '/v1/teacher/schools/987654321', { token: t.token }), 410).msg).toBe('学校不存在');
    expectCampusError(await call('GET', '/v1/teacher/schools/abc', { token: t.token }), 422);
  });

  it('rename: owner only (403 otherwise, unchanged); a rejected school is resubmitted', async () => {
    const t = await campusTeacher();
    const s = await createSchool(t.token);
    const other = await campusTeacher();
    expectCampusError(await call('PUT', `/v1/teacher/schools/${s.id}`, { token: other.token, json: { name: uniqueName('抢注') } }), 403);
    expect((await schoolRow(s.id))!.name).toBe(s.name);
    expectOk(await call('POST', `/v1/admin/schools/${s.id}/reject`, { token: await adminToken(), json: { reason: '名称不规范' } }));
    const seen = expectOk(await call('GET', `/v1/teacher/schools/${s.id}`, { token: t.token }));
    expect(seen).toMatchObject({ status: 3, status_text: '已驳回', reject_reason: '名称不规范' });
    const name = uniqueName('新名称');
    const renamed = expectOk(await call('PUT', `/v1/teacher/schools/${s.id}`, { token: t.token, json: { name } }));
    expect(renamed).toMatchObject({ name, status: 1, status_text: '待审核', reject_reason: '' });
    expectCampusError(await call('PUT', '/v1/teacher/schools/987654321', { token: t.token, json: { name } }), 410);
    expectCampusError(await call('PUT', `/v1/teacher/schools/${s.id}`, { token: t.token, json: { name: 'ab' } }), 422);
  });

  it('delete: owner only; refused with 510 while students belong to it; then gone (410)', async () => {
    const { owner, schoolId } = await approvedSchool();
    expectCampusError(await call('DELETE', `/v1/teacher/schools/${schoolId}`, { token: (await campusTeacher()).token }), 403);
    const s1 = await createStudent(owner.token, schoolId);
    await createStudent(owner.token, schoolId);
    const refused = expectCampusError(await call('DELETE', `/v1/teacher/schools/${schoolId}`, { token: owner.token }), 510);
    expect(refused.msg).toBe('该学校下还有 2 名学生，请先移除学生后再删除学校');
    expect(await schoolRow(schoolId)).toBeTruthy();
    expectOk(await call('DELETE', `/v1/teacher/schools/${schoolId}/students/${s1.id}`, { token: owner.token }));
    const list = expectOk(await call('GET', `/v1/teacher/schools/${schoolId}/students`, { token: owner.token }));
    for (const s of list.list) expectOk(await call('DELETE', `/v1/teacher/schools/${schoolId}/students/${s.id}`, { token: owner.token }));
    expect(expectOk(await call('DELETE', `/v1/teacher/schools/${schoolId}`, { token: owner.token }))).toEqual({});
    expect(await schoolRow(schoolId)).toBeUndefined();
    expectCampusError(await call('DELETE', `/v1/teacher/schools/${schoolId}`, { token: owner.token }), 410);
  });
});

describe('school review (administrators)', () => {
  it('lists by status with owners; approves; rejects with a reason; repeats are 510', async () => {
    const t = await campusTeacher('张老师');
    const s = await createSchool(t.token);
    const admin = await adminToken();
    const pending = expectOk(await call('GET', '/v1/admin/schools?status=1&per_page=100', { token: admin }));
    const item = pending.list.find((x: { id: number }) => x.id === s.id);
    expect(item).toMatchObject({
      status: 1,
      owner_id: t.id,
      owner_name: '张老师',
      owner_email: t.email,
      is_owner: false,
      reviewed_at: null,
    });
    expect(pending.list.every((x: { status: number }) => x.status === 1)).toBe(true);

    const approved = expectOk(await call('POST', `/v1/admin/schools/${s.id}/approve`, { token: admin }));
    expect(approved).toMatchObject({ id: s.id, status: 2, status_text: '正常' });
    expect(expectCampusError(await call('POST', `/v1/admin/schools/${s.id}/approve`, { token: admin }), 510).msg).toBe('该学校已审核通过');
    const approvedList = expectOk(await call('GET', '/v1/admin/schools?status=2&per_page=100', { token: admin }));
    expect(approvedList.list.find((x: { id: number }) => x.id === s.id).reviewed_at).toEqual(expect.any(Number));

    const rejected = expectOk(await call('POST', `/v1/admin/schools/${s.id}/reject`, { token: admin, json: { reason: '资料不全' } }));
    expect(rejected).toMatchObject({ status: 3, status_text: '已驳回', reject_reason: '资料不全' });
    expectCampusError(await call('POST', `/v1/admin/schools/${s.id}/reject`, { token: admin, json: { reason: 'again' } }), 510);
    const all = expectOk(await call('GET', '/v1/admin/schools', { token: admin }));
    expect(all.total).toBeGreaterThan(0);
    // `?status=` (empty: a filter form's "all") is no filter.
    expect(expectOk(await call('GET', '/v1/admin/schools?status=', { token: admin })).total).toBe(all.total);
  });

  it('teachers and students get 403, nothing changes; unknown school 410; bad input 422', async () => {
    const t = await campusTeacher();
    const s = await createSchool(t.token);
    expectCampusError(await call('GET', '/v1/admin/schools', { token: t.token }), 403);
    expectCampusError(await call('POST', `/v1/admin/schools/${s.id}/approve`, { token: t.token }), 403);
    expectCampusError(await call('POST', `/v1/admin/schools/${s.id}/reject`, { token: t.token, json: { reason: 'x' } }), 403);
    expectCampusError(await call('POST', `/v1/admin/schools/${s.id}/approve`), 401);
    expect((await schoolRow(s.id))!.status).toBe(1);
    const admin = await adminToken();
    expectCampusError(await call('POST', '/v1/admin/schools/987654321/approve', { token: admin }), 410);
    expectCampusError(await call('POST', '/v1/admin/schools/987654321/reject', { token: admin, json: { reason: 'x' } }), 410);
    expect(expectCampusError(await call('POST', `/v1/admin/schools/${s.id}/reject`, { token: admin, json: {} }), 422).data).toEqual({
      reason: ['驳回原因 不能为空。'],
    });
    expectCampusError(await call('POST', `/v1/admin/schools/${s.id}/reject`, { token: admin, json: { reason: 'x'.repeat(201) } }), 422);
    expectCampusError(await call('GET', '/v1/admin/schools?status=4', { token: admin }), 422);
    expect((await schoolRow(s.id))!.status).toBe(1);
  });
});
