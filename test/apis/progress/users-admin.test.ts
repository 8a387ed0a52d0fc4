import { inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts } from '../../../src/db/schema';
import { testDeps } from '../../helpers/deps';
import { call } from '../../helpers/http';
import {
  accountRow,
  expectAuthRequired,
  expectEnvelope,
  expectOk,
  login,
  makeDepartment,
  makeStudent,
  makeUser,
  sysadminToken,
} from './support';

const SUMMARY_KEYS = [
  'avatar',
  'createdAt',
  'creatorId',
  'departmentId',
  'email',
  'id',
  'jobs',
  'roles',
  'status',
  'updatedAt',
  'username',
];
const DETAIL_KEYS = [...SUMMARY_KEYS, 'accountNonExpired', 'accountNonLocked', 'authorities', 'credentialsNonExpired', 'enabled'].sort();

async function allListed(token: string): Promise<any[]> {
  const all: any[] = [];
  for (let page = 1; ; page++) {
    const res = await call('GET', `/api/users/list?page=${page}&limit=100`, { token });
    expectOk(res);
    all.push(...res.body.data.list);
    if (res.body.data.list.length < 100) return all;
  }
}

describe('GET /api/users/list', () => {
  it('staff get a page in the documented shape; defaults page 1 and limit 10', async () => {
    await Promise.all(Array.from({ length: 11 }, () => makeUser('teacher')));
    for (const role of ['admin', 'liaison', 'sysadmin'] as const) {
      const u = await makeUser(role);
      const res = await call('GET', '/api/users/list', { token: u.token });
      expectOk(res);
      expect(Object.keys(res.body.data).sort()).toEqual(['currentPage', 'list', 'pageSize', 'total']);
      expect(res.body.data.currentPage).toBe(1);
      expect(res.body.data.pageSize).toBe(10);
      expect(res.body.data.list).toHaveLength(10);
      expect(res.body.data.total).toBeGreaterThanOrEqual(12);
      for (const item of res.body.data.list) expect(Object.keys(item).sort()).toEqual(SUMMARY_KEYS);
    }
  });

  it("shows each user's own jobs, department and creator (the list is read in a D1 batch, whose rows are keyed by column name)", async () => {
    const teacher = await makeUser('teacher', { jobs: 3 });
    const admin = await makeUser('admin', { jobs: 2 });
    const listed = await allListed(await sysadminToken());
    const byId = new Map(listed.map((u) => [u.id, u]));
    expect(byId.get(teacher.id)).toMatchObject({ jobs: 3, departmentId: teacher.departmentId });
    expect(byId.get(admin.id)).toMatchObject({ jobs: 2, departmentId: admin.departmentId });
    expect(typeof byId.get(teacher.id).creatorId).toBe('number');
  });

  it('pages follow one another in id order without overlap', async () => {
    const token = await sysadminToken();
    const p1 = (await call('GET', '/api/users/list?page=1&limit=3', { token })).body.data;
    const p2 = (await call('GET', '/api/users/list?page=2&limit=3', { token })).body.data;
    expect(p2.currentPage).toBe(2);
    expect(p2.pageSize).toBe(3);
    const ids = [...p1.list, ...p2.list].map((u: { id: number }) => u.id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(new Set(ids).size).toBe(6);
  });

  it('lists disabled users with status 0, and no students', async () => {
    const token = await sysadminToken();
    const disabled = await makeUser('teacher');
    expectOk(await call('POST', `/api/users/disable/${disabled.id}`, { token }));
    const student = await makeStudent();
    const listed = await allListed(token);
    expect(listed.find((u) => u.id === disabled.id)).toMatchObject({ status: 0 });
    expect(listed.some((u) => u.id === student.id)).toBe(false);
    const total = (await call('GET', '/api/users/list', { token })).body.data.total;
    expect(total).toBe(listed.length);
  });

  it('teachers and students are refused (403/10006)', async () => {
    expectEnvelope(await call('GET', '/api/users/list', { token: (await makeUser('teacher')).token }), 403, 10006);
    expectEnvelope(await call('GET', '/api/users/list', { token: (await makeStudent()).token }), 403, 10006);
  });

  it('page from 1, limit 1-100: anything else is 400/10001', async () => {
    const token = await sysadminToken();
    expectOk(await call('GET', '/api/users/list?limit=100', { token }));
    for (const q of ['page=0', 'page=-1', 'page=abc', 'page=1.5', 'limit=0', 'limit=101', 'limit=x']) {
      expectEnvelope(await call('GET', `/api/users/list?${q}`, { token }), 400, 10001);
    }
  });

  it('needs a valid token', async () => {
    await expectAuthRequired('GET', '/api/users/list');
  });
});

describe('GET /api/users/department/{departmentId}', () => {
  it('answers the department’s active users as Spring users', async () => {
    const d = await makeDepartment();
    const a = await makeUser('teacher', { departmentId: d.id });
    const b = await makeUser('liaison', { departmentId: d.id });
    const off = await makeUser('teacher', { departmentId: d.id });
    await makeUser('teacher'); // another department
    const token = await sysadminToken();
    expectOk(await call('POST', `/api/users/disable/${off.id}`, { token }));
    const res = await call('GET', `/api/users/department/${d.id}`, { token: (await makeUser('liaison')).token });
    expectOk(res);
    expect(res.body.data.map((u: { id: number }) => u.id)).toEqual([a.id, b.id]);
    for (const u of res.body.data) {
      expect(Object.keys(u).sort()).toEqual(DETAIL_KEYS);
      expect(u).toMatchObject({ departmentId: d.id, status: 1, enabled: true });
    }
  });

  it('an empty department answers []; an unknown one 404/10001; a bad id 400/10001', async () => {
    const token = await sysadminToken();
    const empty = await makeDepartment();
    const res = await call('GET', `/api/users/department/${empty.id}`, { token });
    expectOk(res);
    expect(res.body.data).toEqual([]);
    expectEnvelope(await call('GET', '/api/users/department/987654321', { token }), 404, 10001);
    expectEnvelope(await call('GET', '/api/users/department/abc', { token }), 400, 10001);
    expectEnvelope(await call('GET', '/api/users/department/0', { token }), 400, 10001);
  });

  it('teachers are refused (403/10006)', async () => {
    const t = await makeUser('teacher');
    expectEnvelope(await call('GET', `/api/users/department/${t.departmentId}`, { token: t.token }), 403, 10006);
  });

  it('a failure of the database answers the document’s 50000, without internals', async () => {
    const token = await sysadminToken();
    const failing = {
      prepare: () => {
        throw new Error('D1_ERROR: simulated outage (secret-internal-detail)');
      },
      batch: () => Promise.reject(new Error('D1_ERROR: simulated')),
    } as unknown as D1Database;
    const res = await call('GET', '/api/users/department/1', { token, env: { DB: failing } });
    expectEnvelope(res, 500, 50000);
    expect(res.body.message).toBe('获取部门用户列表失败');
    expect(res.text).not.toContain('secret-internal-detail');
  });

  it('needs a valid token', async () => {
    await expectAuthRequired('GET', '/api/users/department/1');
  });
});

describe('GET /api/users/teacher/search', () => {
  it('finds a teacher by e-mail in any letter case', async () => {
    const t = await makeUser('teacher');
    const res = await call('GET', `/api/users/teacher/search?email=${encodeURIComponent(t.email.toUpperCase())}`, {
      token: (await makeUser('liaison')).token,
    });
    expectOk(res);
    expect(Object.keys(res.body.data).sort()).toEqual(DETAIL_KEYS);
    // A liaison is no administrator: the e-mail comes back masked (contact-privacy.test.ts).
    expect(res.body.data).toMatchObject({ id: t.id, email: 't***@example.test', roles: 1 });
  });

  it('an account that is not a teacher: 400/10002; no account: 404/10003; no e-mail: 400/10001', async () => {
    const token = await sysadminToken();
    const admin = await makeUser('admin');
    const student = await makeStudent();
    expectEnvelope(await call('GET', `/api/users/teacher/search?email=${encodeURIComponent(admin.email)}`, { token }), 400, 10002);
    expectEnvelope(await call('GET', `/api/users/teacher/search?email=${encodeURIComponent(student.email)}`, { token }), 400, 10002);
    expectEnvelope(await call('GET', '/api/users/teacher/search?email=nobody%40example.test', { token }), 404, 10003);
    expectEnvelope(await call('GET', '/api/users/teacher/search', { token }), 400, 10001);
    expectEnvelope(await call('GET', '/api/users/teacher/search?email=', { token }), 400, 10001);
  });

  it('teachers are refused (403/10006)', async () => {
    const t = await makeUser('teacher');
    expectEnvelope(await call('GET', `/api/users/teacher/search?email=${encodeURIComponent(t.email)}`, { token: t.token }), 403, 10006);
  });

  it('needs a valid token', async () => {
    await expectAuthRequired('GET', '/api/users/teacher/search?email=a%40b.c');
  });
});

describe('POST /api/users/disable/{userId}', () => {
  it('an admin disables a teacher: data 用户已禁用, tokens stop, sign-in refused, list shows status 0', async () => {
    const admin = await makeUser('admin');
    const t = await makeUser('teacher');
    const res = await call('POST', `/api/users/disable/${t.id}`, { token: admin.token });
    expectOk(res);
    expect(res.body.data).toBe('用户已禁用');
    expect((await accountRow(t.id))!.isActive).toBe(false);
    expectEnvelope(await call('GET', '/api/users/current', { token: t.token }), 401, 10008);
    expectEnvelope(await call('POST', '/api/users/login', { json: { email: t.email, password: t.password } }), 403, 10006);
    // Disabling again succeeds.
    expectOk(await call('POST', `/api/users/disable/${t.id}`, { token: admin.token }));
  });

  it('teachers and liaisons may not disable anyone; the target stays active', async () => {
    const target = await makeUser('teacher');
    for (const role of ['teacher', 'liaison'] as const) {
      const caller = await makeUser(role);
      expectEnvelope(await call('POST', `/api/users/disable/${target.id}`, { token: caller.token }), 403, 10006);
    }
    expect((await accountRow(target.id))!.isActive).toBe(true);
    expectOk(await call('GET', '/api/users/current', { token: target.token }));
  });

  it('only a sysadmin disables a sysadmin; nobody disables themselves', async () => {
    const admin = await makeUser('admin');
    const root2 = await makeUser('sysadmin');
    expectEnvelope(await call('POST', `/api/users/disable/${root2.id}`, { token: admin.token }), 403, 10006);
    expect((await accountRow(root2.id))!.isActive).toBe(true);
    expectEnvelope(await call('POST', `/api/users/disable/${admin.id}`, { token: admin.token }), 400, 10001);
    expect((await accountRow(admin.id))!.isActive).toBe(true);
    expectOk(await call('POST', `/api/users/disable/${admin.id}`, { token: root2.token }));
    expectOk(await call('POST', `/api/users/disable/${root2.id}`, { token: await sysadminToken() }));
  });

  it('unknown users and students: 404/10003; a bad id: 400/10001', async () => {
    const token = await sysadminToken();
    const student = await makeStudent();
    expectEnvelope(await call('POST', '/api/users/disable/987654321', { token }), 404, 10003);
    expectEnvelope(await call('POST', `/api/users/disable/${student.id}`, { token }), 404, 10003);
    const rows = await testDeps()
      .db.select({ isActive: accounts.isActive })
      .from(accounts)
      .where(inArray(accounts.id, [student.id]))
      .all();
    expect(rows).toEqual([{ isActive: true }]);
    expectEnvelope(await call('POST', '/api/users/disable/x', { token }), 400, 10001);
  });

  it('a new sign-in after being disabled and re-enabled elsewhere works again (revocation is per time, not forever)', async () => {
    const t = await makeUser('teacher');
    expectOk(await call('POST', `/api/users/disable/${t.id}`, { token: await sysadminToken() }));
    await testDeps()
      .db.update(accounts)
      .set({ isActive: true })
      .where(inArray(accounts.id, [t.id]))
      .run();
    await new Promise((r) => setTimeout(r, 5));
    const fresh = await login(t.email, t.password);
    expectOk(await call('GET', '/api/users/current', { token: fresh }));
  });

  it('needs a valid token', async () => {
    await expectAuthRequired('POST', '/api/users/disable/1');
  });
});
