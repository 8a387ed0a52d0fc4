import { describe, expect, it } from 'vitest';
import { call, uniqueEmail } from '../../helpers/http';
import { expectEnvelope, expectOk, expiredToken, login, makeDepartment, makeStudent, makeUser, profileRow, sysadminToken } from './support';
import { sql } from 'drizzle-orm';
import { accounts } from '../../../src/db/schema';
import { testDeps } from '../../helpers/deps';

const REGISTER = '/api/users';

async function body(over: Record<string, unknown> = {}) {
  return { username: '张三', email: uniqueEmail('reg'), password: 'password123', departmentId: (await makeDepartment()).id, ...over };
}

async function rowsByEmail(email: string) {
  return testDeps().db.select().from(accounts).where(sql`lower(${accounts.email}) = lower(${email})`).all();
}

describe('POST /api/users: self-registration', () => {
  it('creates a teacher: 200 with data null; the account signs in and reads back as documented', async () => {
    const b = await body({ jobs: 1, avatar: 'http://example.com/avatar.jpg' });
    // The password cost wrangler.toml deploys (the suite otherwise hashes at the cheapest, vitest.config.ts).
    const res = await call('POST', REGISTER, { json: b, env: { PASSWORD_HASH_ITERATIONS: '100000' } });
    expectOk(res);
    expect(res.body).toEqual({ code: 10000, message: '成功', data: null });
    const [row] = await rowsByEmail(b.email);
    expect(row).toMatchObject({
      role: 'teacher',
      name: '张三',
      avatarUrl: 'http://example.com/avatar.jpg',
      isActive: true,
      username: null,
    });
    expect(row!.passwordHash).toMatch(/^pbkdf2_sha256\$100000\$/);
    expect(await profileRow(row!.id)).toEqual({ accountId: row!.id, departmentId: b.departmentId, creatorId: null, job: 1 });
    const current = await call('GET', '/api/users/current', { token: await login(b.email, 'password123') });
    expect(current.body.data).toMatchObject({
      username: '张三',
      email: b.email,
      roles: 1,
      jobs: 1,
      departmentId: b.departmentId,
      creatorId: null,
      status: 1,
    });
  });

  it('roles defaults to 1 and jobs to the role’s number', async () => {
    const b = await body();
    expectOk(await call('POST', REGISTER, { json: b }));
    const [row] = await rowsByEmail(b.email);
    expect(row!.role).toBe('teacher');
    expect((await profileRow(row!.id))!.job).toBe(1);
  });

  it('anonymous roles 2-4 are refused with 403/10006 and nothing is written', async () => {
    for (const roles of [2, 3, 4]) {
      const b = await body({ roles });
      expectEnvelope(await call('POST', REGISTER, { json: b }), 403, 10006);
      expect(await rowsByEmail(b.email)).toEqual([]);
    }
  });

  it('a creatorId naming an existing account is recorded; an unknown one is refused', async () => {
    const admin = await makeUser('admin');
    const b = await body({ creatorId: admin.id });
    expectOk(await call('POST', REGISTER, { json: b }));
    const [row] = await rowsByEmail(b.email);
    expect((await profileRow(row!.id))!.creatorId).toBe(admin.id);
    const bad = await body({ creatorId: 987654321 });
    expectEnvelope(await call('POST', REGISTER, { json: bad }), 400, 10001);
    expect(await rowsByEmail(bad.email)).toEqual([]);
  });
});

describe('POST /api/users: with a token', () => {
  it('admins create admins and liaisons; the creator is the caller', async () => {
    const admin = await makeUser('admin');
    for (const roles of [1, 2, 3]) {
      const b = await body({ roles });
      expectOk(await call('POST', REGISTER, { token: admin.token, json: b }));
      const [row] = await rowsByEmail(b.email);
      expect(row!.role).toBe(['teacher', 'admin', 'liaison'][roles - 1]);
      expect((await profileRow(row!.id))!.creatorId).toBe(admin.id);
    }
  });

  it('only a sysadmin creates a sysadmin', async () => {
    const admin = await makeUser('admin');
    const refused = await body({ roles: 4 });
    expectEnvelope(await call('POST', REGISTER, { token: admin.token, json: refused }), 403, 10006);
    expect(await rowsByEmail(refused.email)).toEqual([]);
    const b = await body({ roles: 4 });
    expectOk(await call('POST', REGISTER, { token: await sysadminToken(), json: b }));
    expect((await rowsByEmail(b.email))[0]!.role).toBe('sysadmin');
  });

  it('teachers and liaisons create teachers only', async () => {
    for (const role of ['teacher', 'liaison'] as const) {
      const caller = await makeUser(role);
      const refused = await body({ roles: 2 });
      expectEnvelope(await call('POST', REGISTER, { token: caller.token, json: refused }), 403, 10006);
      expect(await rowsByEmail(refused.email)).toEqual([]);
      const ok = await body({ roles: 1 });
      expectOk(await call('POST', REGISTER, { token: caller.token, json: ok }));
    }
  });

  it('with a token the caller is the creator: a creatorId in the body is not applied (issue 5: taken from the token)', async () => {
    const admin = await makeUser('admin');
    const other = await makeUser('admin');
    const b = await body({ creatorId: other.id });
    expectOk(await call('POST', REGISTER, { token: admin.token, json: b }));
    const [row] = await rowsByEmail(b.email);
    expect((await profileRow(row!.id))!.creatorId).toBe(admin.id);
    const unknown = await body({ creatorId: 987654321 });
    expectOk(await call('POST', REGISTER, { token: admin.token, json: unknown }));
    const [row2] = await rowsByEmail(unknown.email);
    expect((await profileRow(row2!.id))!.creatorId).toBe(admin.id);
    expectOk(await call('POST', REGISTER, { token: admin.token, json: await body({ creatorId: admin.id }) }));
  });

  it('an expired or invalid token is an error, not anonymous registration', async () => {
    const teacher = await makeUser('teacher');
    expectEnvelope(await call('POST', REGISTER, { token: await expiredToken(teacher.id), json: await body() }), 401, 10007);
    expectEnvelope(await call('POST', REGISTER, { token: 'garbage', json: await body() }), 401, 10008);
  });

  it('a student’s token (another API’s learner) is refused', async () => {
    const student = await makeStudent();
    expectEnvelope(await call('POST', REGISTER, { token: student.token, json: await body() }), 403, 10006);
  });
});

describe('POST /api/users: errors', () => {
  it('an e-mail taken in any letter case: 409/10005, the existing account unchanged', async () => {
    const b = await body();
    expectOk(await call('POST', REGISTER, { json: b }));
    const before = await rowsByEmail(b.email);
    const again = await body({ email: b.email.toUpperCase(), username: '另一个人' });
    const res = await call('POST', REGISTER, { json: again });
    expectEnvelope(res, 409, 10005);
    expect(res.body.message).toBe('邮箱已存在');
    expect(await rowsByEmail(b.email)).toEqual(before);
  });

  it('a department that does not exist: 400/10001', async () => {
    const b = await body({ departmentId: 987654321 });
    const res = await call('POST', REGISTER, { json: b });
    expectEnvelope(res, 400, 10001);
    expect(res.body.message).toContain('部门不存在');
    expect(await rowsByEmail(b.email)).toEqual([]);
  });

  it('invalid fields and fields a client may not set: 400/10001, nothing written', async () => {
    const cases: Record<string, unknown>[] = [
      { email: 'not-an-email' },
      { password: '12345' },
      { username: '   ' },
      { departmentId: undefined },
      { departmentId: '1' },
      { roles: 5 },
      { roles: 0 },
      { jobs: 5 },
      { avatar: 'javascript:alert(1)' },
    ];
    for (const over of cases) {
      const b = await body(over);
      const res = await call('POST', REGISTER, { json: b });
      expectEnvelope(res, 400, 10001);
      expect(res.body.message, JSON.stringify(over)).toMatch(/^参数无效/);
      expect(await rowsByEmail(b.email), JSON.stringify(over)).toEqual([]);
    }
  });

  it('fields a client may not set (status, id, a password hash) are ignored and not assigned', async () => {
    const b = await body({ status: 0, id: 5, enabled: false, password_hash: 'x', createdAt: 1 });
    expectOk(await call('POST', REGISTER, { json: b }));
    const login = await call('POST', '/api/users/login', { json: { email: b.email, password: b.password } });
    expectOk(login);
    const me = await call('GET', '/api/users/current', { token: login.body.data.token });
    expectOk(me);
    expect(me.body.data).toMatchObject({ email: b.email, status: 1, roles: 1 });
    expect(me.body.data.id).not.toBe(5);
    expect(me.body.data.createdAt).toBeGreaterThan(1);
  });

  it('malformed JSON: 400/10001; a body that is not JSON: 415/10001', async () => {
    expectEnvelope(await call('POST', REGISTER, { body: '{"username":', headers: { 'Content-Type': 'application/json' } }), 400, 10001);
    expectEnvelope(
      await call('POST', REGISTER, { body: 'username=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }),
      415,
      10001,
    );
  });
});

describe('GET /api/departments feeds the registration form', () => {
  it('lists the department ids a registration may use, without a token', async () => {
    const d = await makeDepartment();
    const res = await call('GET', '/api/departments');
    expectOk(res);
    expect(res.body.data).toContainEqual(expect.objectContaining({ id: d.id, name: d.name }));
    const b = await body({ departmentId: d.id });
    expectOk(await call('POST', REGISTER, { json: b }));
    expect((await profileRow((await rowsByEmail(b.email))[0]!.id))!.departmentId).toBe(d.id);
  });
});
