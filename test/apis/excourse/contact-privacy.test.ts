import { describe, expect, it } from 'vitest';
import { toExcourseUser } from '../../../src/apis/excourse/views';
import { call } from '../../helpers/http';
import { accountRow, adminToken, approvedSchool, campusTeacher, excourseTeacher, jwt, uniqueEmail } from '../campus/support';
import { makeStudent, makeUser } from '../progress/support';

/**
 * Issue 16, privacy in production: any signed-in account (the learning API's sign-up needs no
 * verification) could step through GET /users/{pk}/ and read every teacher's phone and e-mail. The
 * teacher themself and administrators (admin, sysadmin) read them in full; everyone else masked.
 */
const get = (id: number, token: string) => call('GET', `/users/${id}/`, { headers: jwt(token) });
const maskedPhone = (p: string) => `${p.slice(0, 3)}****${p.slice(-4)}`;

async function teacherWithContacts() {
  const { schoolId } = await approvedSchool();
  const email = uniqueEmail('contact');
  const a = await excourseTeacher(schoolId, { email, wechat: 'wx_private_01' });
  return { schoolId, email, a };
}

describe('GET /users/{pk}/: phone, e-mail and WeChat id of another teacher', () => {
  it('the teacher themself reads them in full', async () => {
    const { email, a } = await teacherWithContacts();
    const res = await get(a.id, a.token);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id: a.id, username: a.username, phone: a.phone, email, wechat: 'wx_private_01' });
  });

  it('administrators read them in full: the sysadmin (is_superuser) and an admin', async () => {
    const { email, a } = await teacherWithContacts();
    for (const token of [await adminToken(), (await makeUser('admin')).token]) {
      const res = await get(a.id, token);
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ id: a.id, phone: a.phone, email, wechat: 'wx_private_01' });
    }
  });

  it('every other signed-in account reads them masked: another teacher, a learning sign-up, a liaison, a campus teacher', async () => {
    const { schoolId, email, a } = await teacherWithContacts();
    const viewers = {
      teacher: (await excourseTeacher(schoolId)).token,
      learner: (await makeStudent()).token,
      liaison: (await makeUser('liaison')).token,
      campus: (await campusTeacher()).token,
    };
    for (const [who, token] of Object.entries(viewers)) {
      const res = await get(a.id, token);
      expect(res.status, `${who}: ${res.text}`).toBe(200);
      expect(res.body, who).toMatchObject({
        id: a.id,
        username: a.username,
        phone: maskedPhone(a.phone),
        email: `${email[0]}***@example.test`,
        wechat: 'w***',
      });
      for (const secret of [a.phone, email, 'wx_private_01']) expect(res.text, who).not.toContain(secret);
    }
  });

  it('the masked answer keeps the document shape: same keys, strings stay strings, null stays null', async () => {
    const { schoolId } = await approvedSchool();
    const plain = await excourseTeacher(schoolId); // no e-mail, no WeChat id
    const other = await excourseTeacher(schoolId);
    const own = await get(plain.id, plain.token);
    const seen = await get(plain.id, other.token);
    expect(Object.keys(seen.body)).toEqual(Object.keys(own.body));
    expect(seen.body).toEqual({ ...own.body, phone: maskedPhone(plain.phone) });
    expect(seen.body).toMatchObject({ email: null, wechat: null });
  });

  it('PUT /users/{pk}/ answers in full: only the user themself or a sysadmin can send it', async () => {
    const { email, a } = await teacherWithContacts();
    const res = await call('PUT', `/users/${a.id}/`, { headers: jwt(await adminToken()), json: { work_id: 'W-16' } });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ phone: a.phone, email, wechat: 'wx_private_01', work_id: 'W-16' });
  });

  it('an account without a username shows its e-mail as username: masked too for another viewer', async () => {
    const campus = await campusTeacher();
    const account = (await accountRow(campus.id))!;
    const user = { account, profile: null, schoolId: null };
    const asOther = toExcourseUser(user, 'Asia/Shanghai', 'http://localhost/users/1/', { accountId: account.id + 1, role: 'teacher' });
    expect(asOther).toMatchObject({ username: `${campus.email[0]}***@example.test`, email: `${campus.email[0]}***@example.test` });
    const asSelf = toExcourseUser(user, 'Asia/Shanghai', 'http://localhost/users/1/', { accountId: account.id, role: 'teacher' });
    expect(asSelf).toMatchObject({ username: campus.email, email: campus.email });
  });
});
