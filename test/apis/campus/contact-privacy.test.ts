import { describe, expect, it } from 'vitest';
import { toReviewItem } from '../../../src/apis/campus/views';
import { call } from '../../helpers/http';
import { makeUser } from '../progress/support';
import {
  adminToken,
  approvedSchool,
  campusLogin,
  campusTeacher,
  createSchool,
  createStudent,
  expectCampusError,
  expectOk,
} from './support';

/**
 * Issue 16, privacy: the owner's e-mail on the review list is for administrators (admin, sysadmin),
 * who read it in full; nobody else reaches that list. Students carry no e-mail or phone: a school
 * owner's student list has none to show (the owner counts as the administrator of those accounts).
 */
async function reviewed(token: string, schoolId: number) {
  for (let page = 1; ; page++) {
    const data = expectOk(await call('GET', `/v1/admin/schools?status=1&per_page=100&page=${page}`, { token }));
    const item = data.list.find((s: any) => s.id === schoolId);
    if (item || page >= data.last_page) return item;
  }
}

describe('campus: contact details', () => {
  it('GET /v1/admin/schools: administrators read the owner’s e-mail in full', async () => {
    const owner = await campusTeacher();
    const school = await createSchool(owner.token);
    for (const token of [await adminToken(), (await makeUser('admin')).token]) {
      expect(await reviewed(token, school.id)).toMatchObject({ owner_id: owner.id, owner_email: owner.email });
    }
  });

  it('GET /v1/admin/schools: a teacher (the owner included) or a liaison is refused (403): no other way to the list', async () => {
    const owner = await campusTeacher();
    await createSchool(owner.token);
    for (const token of [owner.token, (await campusTeacher()).token, (await makeUser('liaison')).token]) {
      expectCampusError(await call('GET', '/v1/admin/schools', { token }), 403);
    }
  });

  it('the review item view masks the owner’s e-mail for anyone but the owner and administrators', () => {
    const item = {
      id: 1,
      name: '学校',
      status: 1,
      rejectReason: '',
      ownerId: 7,
      reviewedBy: null,
      reviewedAt: null,
      createdAt: 0,
      updatedAt: 0,
      ownerName: '张老师',
      ownerEmail: 'zhang@school.cn',
    };
    expect(toReviewItem(item, { accountId: 1, role: 'admin' }).owner_email).toBe('zhang@school.cn');
    expect(toReviewItem(item, { accountId: 7, role: 'teacher' }).owner_email).toBe('zhang@school.cn');
    expect(toReviewItem(item, { accountId: 2, role: 'liaison' }).owner_email).toBe('z***@school.cn');
    expect(toReviewItem({ ...item, ownerEmail: null }, { accountId: 2, role: 'teacher' }).owner_email).toBe('');
  });

  it('a school owner’s student list and a student’s profile carry no e-mail or phone', async () => {
    const { owner, schoolId } = await approvedSchool();
    await createStudent(owner.token, schoolId);
    const list = expectOk(await call('GET', `/v1/teacher/schools/${schoolId}/students`, { token: owner.token }));
    expect(list.list.length).toBeGreaterThanOrEqual(1);
    for (const key of Object.keys(list.list[0])) expect(key).not.toMatch(/mail|phone|mobile|wechat/);
    const student = await createStudent(owner.token, schoolId);
    const res = await call('GET', '/v1/student/profile', { token: await campusLogin(2, student.username, student.password) });
    expectOk(res);
    expect(res.text).not.toMatch(/mail|phone|mobile|wechat/);
  });
});
