/**
 * Password changes and disabling stop every token of the account through KV (`nbf:<id>`). When KV
 * cannot store that, the request reports 503 and must not have half-happened: a new password (or a
 * disabled account) whose old tokens keep working would be a silent security failure.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { faultyWorld } from '../helpers/faulty-bindings';
import { call } from '../helpers/http';
import { signedIn } from '../apis/learning/fixtures';
import { accountRow, makeUser, sysadminToken } from '../apis/progress/support';
import { approvedSchool, campusLogin, createStudent, excourseTeacher, jwt } from '../apis/campus/support';
import { expectUnavailable } from './support';

const failKvWrites = () => {
  const world = faultyWorld();
  world.kv.failWhen((k) => k.op === 'put');
  return world;
};

describe('revoking every session when KV refuses the write', () => {
  it('excourse: PUT /users/{pk}/ with a new password → 503; the old password and token still work', async () => {
    const t = await excourseTeacher((await approvedSchool()).schoolId);
    const world = failKvWrites();
    const res = await world.send('PUT', `/users/${t.id}/`, { headers: jwt(t.token), json: { password: 'brand-new-1' } });
    expectUnavailable('excourse', res, '');
    expect((await call('POST', '/users/login/', { json: { username: t.username, password: t.password } })).status).toBe(200);
    expect((await call('POST', '/users/login/', { json: { username: t.username, password: 'brand-new-1' } })).status).toBe(400);
    expect((await call('GET', `/users/${t.id}/`, { headers: jwt(t.token) })).status).toBe(200);
  });

  it('campus: PUT …/students/{id}/password → 503; the student keeps the old password', async () => {
    const { owner, schoolId } = await approvedSchool();
    const s = await createStudent(owner.token, schoolId);
    const world = failKvWrites();
    const res = await world.send('PUT', `/v1/teacher/schools/${schoolId}/students/${s.id}/password`, {
      token: owner.token,
      json: { password: 'changed-1', password_confirmation: 'changed-1' },
    });
    expectUnavailable('campus', res, '');
    expect(await campusLogin(2, s.username, s.password)).toEqual(expect.any(String));
    expect((await call('POST', '/v1/login', { json: { identity: 2, username: s.username, password: 'changed-1' } })).status).toBe(401);
  });

  it('progress: POST /api/users/disable/{id} → 503; the account stays active and its token works', async () => {
    const u = await makeUser('teacher');
    const world = failKvWrites();
    const res = await world.send('POST', `/api/users/disable/${u.id}`, { token: await sysadminToken() });
    expectUnavailable('progress', res, '');
    expect((await accountRow(u.id))!.isActive).toBe(true);
    expect((await call('GET', '/api/users/current', { token: u.token })).status).toBe(200);
  });
});

describe('sign-out and removal when one of its two stores fails', () => {
  it('learning: logout whose refresh-family update fails (D1) → 503 and the access token still works, so the retry completes it', async () => {
    const u = await signedIn();
    const world = faultyWorld();
    world.d1.failWhen((c) => c.sql.some((s) => /update "refresh_tokens"/.test(s)), { times: 1 });
    expectUnavailable('learning', await world.send('POST', '/api/v1/auth/logout', { token: u.access_token }), 'DATABASE_ERROR');
    expect((await call('GET', '/api/v1/auth/me', { token: u.access_token })).status).toBe(200);
    expect((await call('POST', '/api/v1/auth/logout', { token: u.access_token })).status).toBe(200);
    expect((await call('GET', '/api/v1/auth/me', { token: u.access_token })).status).toBe(401);
    expect((await call('POST', '/api/v1/auth/refresh', { json: { refresh_token: u.refresh_token } })).status).toBe(401);
  });

  it('campus: removing a student while KV refuses → 503 and the student is still there, able to sign in', async () => {
    const { owner, schoolId } = await approvedSchool();
    const s = await createStudent(owner.token, schoolId);
    const world = failKvWrites();
    expectUnavailable('campus', await world.send('DELETE', `/v1/teacher/schools/${schoolId}/students/${s.id}`, { token: owner.token }), '');
    expect(await campusLogin(2, s.username, s.password)).toEqual(expect.any(String));
  });

  it('campus: removing a student while D1 drops the delete → 503, not disabled-and-detached as if it were referenced', async () => {
    const { owner, schoolId } = await approvedSchool();
    const s = await createStudent(owner.token, schoolId);
    const world = faultyWorld();
    world.d1.failWhen((c) => c.sql.some((q) => /^delete from "accounts"/.test(q)), { times: 1 });
    const before = await accountRow(s.id);
    expectUnavailable('campus', await world.send('DELETE', `/v1/teacher/schools/${schoolId}/students/${s.id}`, { token: owner.token }), '');
    const after = await accountRow(s.id);
    expect(after).toMatchObject({ isActive: true, username: s.username });
    expect(after!.passwordHash).toBe(before!.passwordHash);
  });
});

describe('an unreadable revocation cut-off fails closed', () => {
  it('garbage under nbf:<id> refuses the token (503) instead of comparing false and letting it through', async () => {
    const u = await makeUser('teacher');
    await env.TOKENS.put(`nbf:${u.id}`, 'not-a-number');
    try {
      expectUnavailable('progress', await call('GET', '/api/users/current', { token: u.token }), '');
    } finally {
      await env.TOKENS.delete(`nbf:${u.id}`);
    }
    expect((await call('GET', '/api/users/current', { token: u.token })).status).toBe(200);
  });
});
