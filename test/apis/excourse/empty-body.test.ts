import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { excourseProfiles } from '../../../src/db/schema';
import { testDeps } from '../../helpers/deps';
import { call, type CallOptions } from '../../helpers/http';
import { accountRow, approvedSchool, campusTeacher, excourseTeacher, jwt } from '../campus/support';

/**
 * Audit: `PUT /users/{pk}/` without a body was accepted and moved `update_time`. Behind `wrangler dev`
 * (and with `Content-Length: 0`) the Worker gets an empty body stream, not a null body, which the shared
 * router's check let through (it now tests the missing Content-Type); here an empty Uint8Array is that
 * stream. A body-less JSON operation is refused; `{}` is a valid partial update that changes nothing,
 * `update_time` included.
 */
const REFUSED = { non_field_errors: ['请求体不能为空。'] };
const NO_BODY: [string, Omit<CallOptions, 'env'>][] = [
  ['null body', {}],
  ['empty stream', { body: new Uint8Array(0) }],
  ['Content-Length: 0', { body: new Uint8Array(0), headers: { 'Content-Length': '0' } }],
];

describe('a JSON operation without a body', () => {
  it('PUT /users/{pk}/ is refused and writes nothing', async () => {
    const { schoolId } = await approvedSchool();
    const t = await excourseTeacher(schoolId);
    const before = await accountRow(t.id);
    for (const [what, opts] of NO_BODY) {
      const res = await call('PUT', `/users/${t.id}/`, { ...opts, headers: { ...opts.headers, ...jwt(t.token) } });
      expect(res.status, `${what}: ${res.text}`).toBe(400);
      expect(res.body, what).toEqual(REFUSED);
    }
    expect(await accountRow(t.id)).toEqual(before);
    expect((await call('GET', `/users/${t.id}/`, { headers: jwt(t.token) })).body.update_time).toBe(t.user.update_time);
    // Authentication still answers first.
    expect((await call('PUT', `/users/${t.id}/`, { body: new Uint8Array(0) })).status).toBe(401);
  });

  it('POST /vertifications/, /users/register/ and /users/login/ are refused the same way', async () => {
    for (const path of ['/vertifications/', '/users/register/', '/users/login/']) {
      for (const [what, opts] of NO_BODY) {
        const res = await call('POST', path, opts);
        expect(res.status, `${path} ${what}: ${res.text}`).toBe(400);
        expect(res.body, `${path} ${what}`).toEqual(REFUSED);
      }
    }
  });
});

describe('PUT /users/{pk}/ with {}', () => {
  it('answers the user unchanged: update_time stays, and no profile row is made', async () => {
    const { schoolId } = await approvedSchool();
    const t = await excourseTeacher(schoolId);
    const res = await call('PUT', `/users/${t.id}/`, { json: {}, headers: jwt(t.token) });
    expect(res.status, res.text).toBe(200);
    const { token: _token, ...registered } = t.user;
    expect(res.body).toEqual(registered);

    const campus = await campusTeacher();
    const before = await accountRow(campus.id);
    expect((await call('PUT', `/users/${campus.id}/`, { json: {}, token: campus.token })).status).toBe(200);
    expect(await accountRow(campus.id)).toEqual(before);
    expect(await testDeps().db.select().from(excourseProfiles).where(eq(excourseProfiles.accountId, campus.id)).get()).toBeUndefined();
  });

  it('is still refused for another user', async () => {
    const { schoolId } = await approvedSchool();
    const [a, b] = [await excourseTeacher(schoolId), await excourseTeacher(schoolId)];
    expect((await call('PUT', `/users/${a.id}/`, { json: {}, headers: jwt(b.token) })).status).toBe(403);
  });
});
