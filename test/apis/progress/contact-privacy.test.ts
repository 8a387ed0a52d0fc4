import { describe, expect, it } from 'vitest';
import { call } from '../../helpers/http';
import { expectOk, makeDepartment, makeUser, sysadminToken, type TestUser } from './support';

/**
 * Issue 16, privacy: a user's e-mail is shown in full to that user and to administrators (admin,
 * sysadmin); a liaison (staff, but no administrator) reads other users' e-mails masked.
 */
const masked = (u: TestUser) => `${u.email[0]}***@example.test`;

async function listedEmails(token: string, ids: number[]): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  for (let page = 1; found.size < ids.length; page++) {
    const res = await call('GET', `/api/users/list?page=${page}&limit=100`, { token });
    expectOk(res);
    for (const u of res.body.data.list) if (ids.includes(u.id)) found.set(u.id, u.email);
    if (res.body.data.list.length < 100) break;
  }
  return found;
}

async function team() {
  const { id: departmentId } = await makeDepartment();
  const teacher = await makeUser('teacher', { departmentId });
  const admin = await makeUser('admin', { departmentId });
  const liaison = await makeUser('liaison', { departmentId });
  return { departmentId, teacher, admin, liaison };
}

describe('progress: e-mails of other users', () => {
  it('GET /api/users/current: the user’s own e-mail in full', async () => {
    const { teacher, liaison } = await team();
    for (const u of [teacher, liaison]) {
      const res = await call('GET', '/api/users/current', { token: u.token });
      expectOk(res);
      expect(res.body.data).toMatchObject({ id: u.id, email: u.email });
    }
  });

  it('GET /api/users/list: administrators in full; a liaison masked, except on their own row', async () => {
    const { teacher, admin, liaison } = await team();
    const ids = [teacher.id, admin.id, liaison.id];
    for (const token of [admin.token, await sysadminToken()]) {
      const seen = await listedEmails(token, ids);
      expect([...seen.values()].sort()).toEqual([teacher.email, admin.email, liaison.email].sort());
    }
    const seen = await listedEmails(liaison.token, ids);
    expect(seen.get(teacher.id)).toBe(masked(teacher));
    expect(seen.get(admin.id)).toBe(masked(admin));
    expect(seen.get(liaison.id)).toBe(liaison.email);
  });

  it('GET /api/users/department/{id}: the same rule', async () => {
    const { departmentId, teacher, admin, liaison } = await team();
    const byId = async (token: string) => {
      const res = await call('GET', `/api/users/department/${departmentId}`, { token });
      expectOk(res);
      return new Map<number, string>(res.body.data.map((u: any) => [u.id, u.email]));
    };
    for (const token of [admin.token, await sysadminToken()]) {
      const seen = await byId(token);
      expect([seen.get(teacher.id), seen.get(admin.id), seen.get(liaison.id)]).toEqual([teacher.email, admin.email, liaison.email]);
    }
    const seen = await byId(liaison.token);
    expect([seen.get(teacher.id), seen.get(admin.id), seen.get(liaison.id)]).toEqual([masked(teacher), masked(admin), liaison.email]);
  });

  it('GET /api/users/teacher/search: administrators in full, a liaison masked (the search still matches the full address)', async () => {
    const { teacher, admin, liaison } = await team();
    const search = (token: string) => call('GET', `/api/users/teacher/search?email=${encodeURIComponent(teacher.email)}`, { token });
    for (const token of [admin.token, await sysadminToken()]) {
      const res = await search(token);
      expectOk(res);
      expect(res.body.data).toMatchObject({ id: teacher.id, email: teacher.email });
    }
    const res = await search(liaison.token);
    expectOk(res);
    expect(res.body.data).toMatchObject({ id: teacher.id, email: masked(teacher) });
    expect(res.text).not.toContain(teacher.email);
  });
});
