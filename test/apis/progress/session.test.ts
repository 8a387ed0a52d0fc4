import { describe, expect, it } from 'vitest';
import { call } from '../../helpers/http';
import { accountRow, expectAuthRequired, expectEnvelope, expectOk, login, makeStudent, makeUser, sysadminToken } from './support';

const LOGIN = '/api/users/login';
const CURRENT = '/api/users/current';

function payload(token: string) {
  const part = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
  return JSON.parse(atob(part + '='.repeat((4 - (part.length % 4)) % 4))) as { iat: number; exp: number; sub: string };
}

describe('POST /api/users/login', () => {
  it('answers the documented { token }; one day without remember, 30 days with it', async () => {
    const u = await makeUser('teacher');
    for (const [remember, days] of [
      [undefined, 1],
      [false, 1],
      [true, 30],
    ] as const) {
      const res = await call('POST', LOGIN, {
        json: remember === undefined ? { email: u.email, password: u.password } : { email: u.email, password: u.password, remember },
      });
      expectOk(res);
      expect(Object.keys(res.body.data)).toEqual(['token']);
      const p = payload(res.body.data.token);
      expect(p.exp - p.iat, String(remember)).toBe(days * 24 * 3600);
      expect(p.sub).toBe(String(u.id));
    }
  });

  it('matches the e-mail in any letter case and records the sign-in', async () => {
    const u = await makeUser('liaison');
    expectOk(await call('POST', LOGIN, { json: { email: u.email.toUpperCase(), password: u.password } }));
    expect((await accountRow(u.id))!.lastLoginAt).toBeTypeOf('number');
  });

  it('unknown e-mail: 401/10003; wrong password: 401/10004', async () => {
    const u = await makeUser('teacher');
    const unknown = await call('POST', LOGIN, { json: { email: 'nobody-here@example.test', password: 'x' } });
    expectEnvelope(unknown, 401, 10003);
    expect(unknown.body.message).toBe('用户不存在');
    const wrong = await call('POST', LOGIN, { json: { email: u.email, password: 'wrong-password' } });
    expectEnvelope(wrong, 401, 10004);
    expect(wrong.body.message).toBe('密码错误');
  });

  it('a disabled account and an account without a progress role (student) are refused: 403/10006', async () => {
    const u = await makeUser('teacher');
    expectOk(await call('POST', `/api/users/disable/${u.id}`, { token: await sysadminToken() }));
    expectEnvelope(await call('POST', LOGIN, { json: { email: u.email, password: u.password } }), 403, 10006);
    const student = await makeStudent();
    expectEnvelope(await call('POST', LOGIN, { json: { email: student.email, password: student.password } }), 403, 10006);
  });

  it('bad bodies: 400/10001 (missing fields, remember not a boolean)', async () => {
    const u = await makeUser('teacher');
    for (const json of [{ email: u.email }, { password: 'x' }, { email: u.email, password: u.password, remember: 'yes' }]) {
      expectEnvelope(await call('POST', LOGIN, { json }), 400, 10001);
    }
  });

  it('unknown fields are ignored: a role sent at sign-in is not the token’s', async () => {
    const u = await makeUser('teacher');
    const res = await call('POST', LOGIN, { json: { email: u.email, password: u.password, role: 'admin', roles: 4, captcha: 'x' } });
    expectEnvelope(res, 200, 10000);
    const me = await call('GET', '/api/users/current', { token: res.body.data.token });
    expectEnvelope(me, 200, 10000);
    expect(me.body.data).toMatchObject({ id: u.id, roles: 1 });
  });

  it('the token is accepted by the other APIs of the platform', async () => {
    const u = await makeUser('teacher');
    const me = await call('GET', '/api/v1/auth/me', { token: u.token });
    expect(me.status, me.text).toBe(200);
    expect(me.body.id).toBe(u.id);
  });
});

describe('POST /api/users/logout', () => {
  it('answers data 登出成功 and the token stops working at once; other sign-ins go on', async () => {
    const u = await makeUser('teacher');
    const other = await login(u.email, u.password);
    const res = await call('POST', '/api/users/logout', { token: u.token });
    expectOk(res);
    expect(res.body.data).toBe('登出成功');
    expectEnvelope(await call('GET', CURRENT, { token: u.token }), 401, 10008);
    expectEnvelope(await call('POST', '/api/users/logout', { token: u.token }), 401, 10008);
    expectOk(await call('GET', CURRENT, { token: other }));
  });

  it('needs a valid token', async () => {
    await expectAuthRequired('POST', '/api/users/logout');
  });
});

describe('GET /api/users/current', () => {
  it('answers the documented Spring Security user, never a password', async () => {
    const u = await makeUser('admin', { jobs: 2 });
    const res = await call('GET', CURRENT, { token: u.token });
    expectOk(res);
    const row = (await accountRow(u.id))!;
    expect(res.body.data).toEqual({
      id: u.id,
      username: u.username,
      email: u.email,
      departmentId: u.departmentId,
      roles: 2,
      jobs: 2,
      avatar: null,
      creatorId: expect.any(Number),
      status: 1,
      createdAt: Math.floor(row.createdAt / 1000),
      updatedAt: Math.floor(row.updatedAt / 1000),
      enabled: true,
      accountNonExpired: true,
      accountNonLocked: true,
      credentialsNonExpired: true,
      authorities: [{ authority: 'ROLE_USER' }],
    });
    expect(String(res.body.data.createdAt)).toMatch(/^\d{10}$/);
    expect(res.text).not.toMatch(/password|pbkdf2/i);
  });

  it('each role reads as its number', async () => {
    for (const [role, n] of [
      ['teacher', 1],
      ['admin', 2],
      ['liaison', 3],
      ['sysadmin', 4],
    ] as const) {
      const u = await makeUser(role);
      expect((await call('GET', CURRENT, { token: u.token })).body.data.roles, role).toBe(n);
    }
  });

  it('a disabled user’s token stops working (401/10008)', async () => {
    const u = await makeUser('teacher');
    expectOk(await call('POST', `/api/users/disable/${u.id}`, { token: await sysadminToken() }));
    expectEnvelope(await call('GET', CURRENT, { token: u.token }), 401, 10008);
  });

  it('a student’s token is refused (403/10006)', async () => {
    expectEnvelope(await call('GET', CURRENT, { token: (await makeStudent()).token }), 403, 10006);
  });

  it('needs a valid token', async () => {
    await expectAuthRequired('GET', CURRENT);
  });
});
