import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, excourseProfiles } from '../../../src/db/schema';
import { testDeps } from '../../helpers/deps';
import { call } from '../../helpers/http';
import { ADMIN, adminToken, approvedSchool, campusTeacher, excourseTeacher, jwt } from '../campus/support';

/**
 * Audit: a campus teacher (or the sysadmin) editing themself through excourse got a profile row and
 * with it became an "excourse teacher", readable with phone and e-mail by every signed-in user.
 */
const get = (id: number, token: string) => call('GET', `/users/${id}/`, { headers: jwt(token) });
const put = (id: number, json: unknown, token: string) => call('PUT', `/users/${id}/`, { json, headers: jwt(token) });
const profile = (id: number) => testDeps().db.select().from(excourseProfiles).where(eq(excourseProfiles.accountId, id)).get();

describe('editing yourself through excourse does not make you an excourse teacher', () => {
  it('a campus teacher edits their wechat: still 404 to another teacher, readable by themself and the sysadmin', async () => {
    const { schoolId } = await approvedSchool();
    const other = await excourseTeacher(schoolId);
    const campus = await campusTeacher();
    expect((await get(campus.id, other.token)).status).toBe(404);

    const edit = await put(campus.id, { wechat: 'owner_wx' }, campus.token);
    expect(edit.status, edit.text).toBe(200);
    expect(edit.body).toMatchObject({ id: campus.id, wechat: 'owner_wx', email: campus.email });
    expect(await profile(campus.id)).toMatchObject({ wechat: 'owner_wx', registered: false });

    const seen = await get(campus.id, other.token);
    expect(seen.status).toBe(404);
    expect(seen.body).toEqual({ detail: '未找到。' });
    expect(seen.text).not.toContain(campus.email);
    expect((await get(campus.id, campus.token)).body).toMatchObject({ id: campus.id, wechat: 'owner_wx' });
    expect((await get(campus.id, await adminToken())).body).toMatchObject({ id: campus.id, wechat: 'owner_wx' });
  });

  it('nor does a sysadmin editing themself or a campus teacher', async () => {
    const { schoolId } = await approvedSchool();
    const other = await excourseTeacher(schoolId);
    const root = await adminToken();
    const admin = (await testDeps().db.select().from(accounts).where(sql`lower(${accounts.email}) = lower(${ADMIN.email})`).get())!;
    expect((await put(admin.id, { wechat: 'root_wx' }, root)).status).toBe(200);
    const campus = await campusTeacher();
    expect((await put(campus.id, { is_grade: 1, work_id: 'C-1' }, root)).status).toBe(200);
    for (const id of [admin.id, campus.id]) expect((await get(id, other.token)).status, String(id)).toBe(404);
  });

  it('a registered teacher stays readable after editing themself', async () => {
    const { schoolId } = await approvedSchool();
    const [a, b] = [await excourseTeacher(schoolId), await excourseTeacher(schoolId)];
    expect((await put(a.id, { wechat: 'a_wx' }, a.token)).status).toBe(200);
    expect(await profile(a.id)).toMatchObject({ registered: true });
    // Readable, with the contact fields masked for another teacher (contact-privacy.test.ts).
    expect((await get(a.id, b.token)).body).toMatchObject({ id: a.id, wechat: 'a***' });
    expect((await get(a.id, a.token)).body).toMatchObject({ id: a.id, wechat: 'a_wx' });
  });
});
