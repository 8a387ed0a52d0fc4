import { describe, expect, it } from 'vitest';
import { call } from '../../helpers/http';
import {
  adminToken,
  campusLogin,
  campusTeacher,
  codeRows,
  expectCampusError,
  expectOk,
  sendCode,
  TEST_CODE,
  uniqueEmail,
  uniqueName,
  uniquePhone,
} from './support';

describe('approval flow across the campus and excourse APIs', () => {
  it('a school created in campus, approved by an admin, then used by an excourse registration', async () => {
    // Campus: a teacher registers and creates a school; it waits for review.
    const owner = await campusTeacher('李校长');
    const school = expectOk(await call('POST', '/v1/teacher/schools', { token: owner.token, json: { name: uniqueName('成都七中') } }));
    expect(school).toMatchObject({ status: 1, status_text: '待审核' });

    // Excourse: a registration into the pending school is refused, and its code is not spent.
    const phone = uniquePhone();
    const username = uniqueName('赵老师');
    const email = uniqueEmail('excourse');
    expect((await sendCode(phone, username)).status).toBe(200);
    const registration = { username, password: 'excourse-1', school_id: school.id, phone, sms_code: TEST_CODE, email };
    const early = await call('POST', '/users/register/', { json: registration });
    expect(early.status).toBe(400);
    expect(early.body).toEqual({ school_id: ['学校不存在或尚未通过审核。'] });
    expect((await codeRows(phone))[0]!.consumedAt).toBeNull();

    // Campus: an administrator finds it among the pending schools and approves it.
    const admin = await adminToken();
    const pending = expectOk(await call('GET', '/v1/admin/schools?status=1&per_page=100', { token: admin }));
    expect(pending.list.find((s: { id: number }) => s.id === school.id)).toMatchObject({ owner_email: owner.email, owner_name: '李校长' });
    expect(expectOk(await call('POST', `/v1/admin/schools/${school.id}/approve`, { token: admin }))).toMatchObject({
      status: 2,
      status_text: '正常',
    });
    expect(expectOk(await call('GET', `/v1/teacher/schools/${school.id}`, { token: owner.token }))).toMatchObject({
      status: 2,
      is_owner: true,
    });

    // Excourse: the same code now registers the teacher into the approved school.
    const reg = await call('POST', '/users/register/', { json: registration });
    expect(reg.status, reg.text).toBe(201);
    expect(reg.body).toMatchObject({ username, school_id: school.id, phone, email });
    const fetched = await call('GET', `/users/${reg.body.id}/`, { headers: { Authorization: `JWT ${reg.body.token}` } });
    expect(fetched.body.school_id).toBe(school.id);

    // The same account signs in to campus as a teacher (identity 1, by e-mail) and sees the school it belongs to.
    const campusToken = await campusLogin(1, email, 'excourse-1');
    const mine = expectOk(await call('GET', '/v1/teacher/schools', { token: campusToken }));
    expect(mine.list).toEqual([expect.objectContaining({ id: school.id, is_owner: false, status: 2 })]);
    expectCampusError(
      await call('PUT', `/v1/teacher/schools/${school.id}`, { token: campusToken, json: { name: uniqueName('改名') } }),
      403,
    );

    // The school cannot be deleted while the excourse teacher belongs to it.
    const refused = expectCampusError(await call('DELETE', `/v1/teacher/schools/${school.id}`, { token: owner.token }), 510);
    // The owner cannot remove a teacher; the message says who can (the sysadmin, through the excourse API).
    expect(refused.msg).toBe('该学校下还有 1 名教师，请联系超级管理员将教师调到其他学校后再删除学校');

    // Withdrawn by the administrator: new registrations are refused; the owner renames and resubmits.
    expectOk(await call('POST', `/v1/admin/schools/${school.id}/reject`, { token: admin, json: { reason: '信息有误' } }));
    const phone2 = uniquePhone();
    expect((await sendCode(phone2)).status).toBe(200);
    const late = await call('POST', '/users/register/', {
      json: { ...registration, username: uniqueName('钱老师'), phone: phone2, email: uniqueEmail('late') },
    });
    expect(late.body).toEqual({ school_id: ['学校不存在或尚未通过审核。'] });
    const resubmitted = expectOk(
      await call('PUT', `/v1/teacher/schools/${school.id}`, { token: owner.token, json: { name: uniqueName('成都七中') } }),
    );
    expect(resubmitted).toMatchObject({ status: 1, reject_reason: '' });
    // The registered teacher keeps their school and can still sign in.
    expect((await call('POST', '/users/login/', { json: { username, password: 'excourse-1' } })).status).toBe(200);
  });
});
