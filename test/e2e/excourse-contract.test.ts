// The excourse API (document 002, issue 6) checked from the outside, over real HTTP against
// `npm start` (wrangler dev), as its frontend calls it: the whole flow across both school APIs —
// a teacher registers in campus and creates a school, the sysadmin approves it, an excourse teacher
// asks for an SMS code and registers against that school, signs in and sends `Authorization: JWT
// <token>`, reads and updates /users/{pk}/.
//
// The SMS code: the e2e global setup starts wrangler dev with SMS_TEST_CODE (honoured only by the
// log provider outside production), which stands in for reading the SMS.
import { devVar } from './dev-vars';
import { jsonClient, type Sent } from './json-client';
import { beforeAll, describe, expect, inject, it } from 'vitest';

const baseUrl = inject('baseUrl');

const ADMIN_EMAIL = devVar('ADMIN_EMAIL');
const ADMIN_PASSWORD = devVar('ADMIN_PASSWORD');

/** Every response body seen is kept, to check at the end that no password or hash was ever sent. */
const { send, seen } = jsonClient(baseUrl);

const jwt = (token: string) => `JWT ${token}`;
const bearer = (token: string) => `Bearer ${token}`;

// ---- finding the code the Worker "sent" ----------------------------------------------------------

/** What the phone would receive: the fixed code the e2e setup configured. */
const smsCodeFor = (_phone: string): string => inject('smsTestCode');

// ---- data of this run ----------------------------------------------------------------------------

const suffix = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const uniquePhone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
const phone = uniquePhone();
const username = `郝高阳${suffix}`;
const password = '123'; // the document's register and login examples
const newPassword = 'yiner0326'; // the document's PUT example
const ownerEmail = `e2e.excourse.owner.${suffix}@example.com`;

const ISO_MICRO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}\+08:00$/;
const USER_FIELDS = [
  'create_time',
  'email',
  'groups',
  'icon',
  'id',
  'is_active',
  'is_delete',
  'is_grade',
  'is_super',
  'is_superuser',
  'last_login',
  'phone',
  'school_id',
  'update_time',
  'user_permissions',
  'username',
  'wechat',
  'work_id',
];

/** Every documented user field with its JSON type (string¦null where the document says so). */
function expectUser(u: any) {
  expect(u).not.toHaveProperty('password');
  expect(typeof u.id).toBe('number');
  expect(Number.isInteger(u.id)).toBe(true);
  expect(u.last_login === null || ISO_MICRO.test(u.last_login)).toBe(true);
  expect(typeof u.is_superuser).toBe('boolean');
  expect(typeof u.username).toBe('string');
  for (const k of ['work_id', 'icon', 'email', 'wechat']) expect(u[k] === null || typeof u[k] === 'string', k).toBe(true);
  expect(typeof u.phone).toBe('string');
  expect(typeof u.is_grade).toBe('number');
  expect(typeof u.is_super).toBe('number');
  expect(typeof u.is_active).toBe('boolean');
  expect(u.create_time).toMatch(ISO_MICRO);
  expect(u.update_time).toMatch(ISO_MICRO);
  expect(typeof u.is_delete).toBe('boolean');
  expect(typeof u.school_id).toBe('number');
  expect(u.groups).toEqual([]);
  expect(u.user_permissions).toEqual([]);
}

const expectDetail = (r: Sent, status: number) => {
  expect(r.status, r.text).toBe(status);
  expect(r.body).toEqual({ detail: expect.any(String) });
};
const expectFieldErrors = (r: Sent, field: string) => {
  expect(r.status, r.text).toBe(400);
  expect(r.body[field], r.text).toEqual(expect.arrayContaining([expect.any(String)]));
  for (const v of Object.values(r.body)) expect(Array.isArray(v)).toBe(true);
};

// ---- the campus side: a school, approved ---------------------------------------------------------

let adminToken = '';
let ownerToken = '';
let schoolId = 0;
let pendingSchoolId = 0;

beforeAll(async () => {
  const admin = await send('POST', '/v1/login', { json: { identity: 1, username: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
  expect(admin.status, admin.text).toBe(200);
  adminToken = admin.body.data.access_token;

  const owner = await send('POST', '/v1/teacher/register', { json: { name: 'E2E 校长', username: ownerEmail, password: 'owner-pass-1' } });
  expect(owner.status, owner.text).toBe(200);
  ownerToken = owner.body.data.access_token;

  const school = await send('POST', '/v1/teacher/schools', { auth: bearer(ownerToken), json: { name: `四川大学${suffix}` } });
  expect(school.status, school.text).toBe(200);
  expect(school.body.data.status).toBe(1);
  schoolId = school.body.data.id;

  const pending = await send('POST', '/v1/teacher/schools', { auth: bearer(ownerToken), json: { name: `待审学校${suffix}` } });
  expect(pending.status, pending.text).toBe(200);
  pendingSchoolId = pending.body.data.id;

  const approved = await send('POST', `/v1/admin/schools/${schoolId}/approve`, { auth: bearer(adminToken) });
  expect(approved.status, approved.text).toBe(200);
  expect(approved.body.data).toMatchObject({ id: schoolId, status: 2, status_text: '正常' });
});

describe('excourse contract over HTTP (document 002)', () => {
  let code = '';
  let userId = 0;
  let regToken = '';
  let loginToken = '';

  it('POST /vertifications/ with the documented body answers {"message":"发送成功"}', async () => {
    const r = await send('POST', '/vertifications/', { json: { username, phone } });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toEqual({ message: '发送成功' });
    code = smsCodeFor(phone);
    expect(code).toMatch(/^\d{6}$/);
  });

  it('POST /vertifications/ again within 60 s is 429 with Retry-After and {detail}', async () => {
    const r = await send('POST', '/vertifications/', { json: { username, phone } });
    expectDetail(r, 429);
    const retry = Number(r.headers.get('Retry-After'));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
  });

  it('POST /vertifications/ validates the phone (DRF field errors) and the JSON body', async () => {
    expectFieldErrors(await send('POST', '/vertifications/', { json: { username: `x${suffix}`, phone: '12345' } }), 'phone');
    expectFieldErrors(await send('POST', '/vertifications/', { json: { username: `x${suffix}` } }), 'phone');
    const garbage = await send('POST', '/vertifications/', { raw: '{"phone": ' });
    expectDetail(garbage, 400);
  });

  it('POST /users/register/ refuses a wrong code on sms_code and a school that is not approved on school_id', async () => {
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    const r = await send('POST', '/users/register/', { json: { username, password, school_id: String(schoolId), phone, sms_code: wrong } });
    expectFieldErrors(r, 'sms_code');

    const pending = await send('POST', '/users/register/', {
      json: { username, password, school_id: pendingSchoolId, phone, sms_code: code },
    });
    expectFieldErrors(pending, 'school_id');

    const missing = await send('POST', '/users/register/', { json: { username, phone } });
    expect(missing.status, missing.text).toBe(400);
    for (const f of ['password', 'school_id', 'sms_code']) expect(missing.body[f], f).toEqual([expect.any(String)]);
  });

  it('POST /users/register/ with the documented body (school_id as the string it shows) → 201, the user fields and token', async () => {
    const r = await send('POST', '/users/register/', { json: { username, password, school_id: String(schoolId), phone, sms_code: code } });
    expect(r.status, r.text).toBe(201);
    expect(Object.keys(r.body).sort()).toEqual([...USER_FIELDS, 'token'].sort());
    expectUser(r.body);
    expect(typeof r.body.token).toBe('string');
    expect(r.body).toMatchObject({
      username,
      phone,
      school_id: schoolId,
      is_superuser: false,
      is_grade: 0,
      is_super: 0,
      is_active: true,
      is_delete: false,
      last_login: null,
      work_id: null,
      icon: null,
      email: null,
      wechat: null,
    });
    userId = r.body.id;
    regToken = r.body.token;
  });

  it('a used code (400 on sms_code), a taken username and a taken phone are refused', async () => {
    const again = await send('POST', '/users/register/', {
      json: { username: `other${suffix}`, password, school_id: schoolId, phone, sms_code: code },
    });
    expectFieldErrors(again, 'sms_code');
    expectFieldErrors(again, 'phone');

    const sameName = await send('POST', '/users/register/', {
      json: { username, password, school_id: schoolId, phone: uniquePhone(), sms_code: '000000' },
    });
    expectFieldErrors(sameName, 'username');

    const codeForTaken = await send('POST', '/vertifications/', { json: { phone } });
    expectFieldErrors(codeForTaken, 'phone');
  });

  it('five wrong tries lock the code: the right one is refused afterwards (400 on sms_code)', async () => {
    const other = uniquePhone();
    expect((await send('POST', '/vertifications/', { json: { phone: other } })).status).toBe(200);
    const right = smsCodeFor(other);
    const wrong = String((Number(right) + 7) % 1_000_000).padStart(6, '0');
    const body = { username: `锁定${suffix}`, password, school_id: schoolId, phone: other };
    for (let i = 0; i < 5; i++)
      expectFieldErrors(await send('POST', '/users/register/', { json: { ...body, sms_code: wrong } }), 'sms_code');
    const late = await send('POST', '/users/register/', { json: { ...body, sms_code: right } });
    expectFieldErrors(late, 'sms_code');
    expect(Object.keys(late.body)).toEqual(['sms_code']);
  });

  it('POST /users/login/ by username → {user_id, username, token}; wrong credentials → 400 non_field_errors', async () => {
    const r = await send('POST', '/users/login/', { json: { username, password } });
    expect(r.status, r.text).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(['token', 'user_id', 'username']);
    expect(r.body).toEqual({ user_id: userId, username, token: expect.any(String) });
    loginToken = r.body.token;

    const bad = await send('POST', '/users/login/', { json: { username, password: 'not-the-password' } });
    expectFieldErrors(bad, 'non_field_errors');
    const missing = await send('POST', '/users/login/', { json: { username } });
    expectFieldErrors(missing, 'password');
  });

  it('GET /users/{pk}/ with Authorization: JWT <token> (and Bearer) → the documented fields, no password', async () => {
    const r = await send('GET', `/users/${userId}/`, { auth: jwt(loginToken) });
    expect(r.status, r.text).toBe(200);
    expect(Object.keys(r.body).sort()).toEqual(USER_FIELDS);
    expectUser(r.body);
    expect(r.body).toMatchObject({ id: userId, username, phone, school_id: schoolId });
    expect(r.body.last_login).toMatch(ISO_MICRO); // signed in once by now

    const viaBearer = await send('GET', `/users/${userId}/`, { auth: bearer(regToken) });
    expect(viaBearer.status, viaBearer.text).toBe(200);
    expect(viaBearer.body.id).toBe(userId);

    // Any signed-in user (here the campus teacher) may read an excourse teacher.
    const other = await send('GET', `/users/${userId}/`, { auth: jwt(ownerToken) });
    expect(other.status, other.text).toBe(200);
    expect(other.body.id).toBe(userId);
  });

  it('GET /users/{pk}/ without a token, with a garbage token or an unknown scheme → 401 {detail}; a missing user → 404 {detail}', async () => {
    const none = await send('GET', `/users/${userId}/`);
    expectDetail(none, 401);
    expectDetail(await send('GET', `/users/${userId}/`, { auth: 'JWT not.a.token' }), 401);
    expectDetail(await send('GET', `/users/${userId}/`, { auth: `Token ${loginToken}` }), 401);
    expectDetail(await send('GET', '/users/999999999/', { auth: jwt(loginToken) }), 404);
    expectDetail(await send('GET', '/users/abc/', { auth: jwt(loginToken) }), 404);
  });

  it('unknown paths under /users/ and /vertifications/ answer the DRF {detail} envelope', async () => {
    expectDetail(await send('GET', `/users/${userId}/extra/`, { auth: jwt(loginToken) }), 404);
    expectDetail(await send('POST', '/vertifications/nope/', { json: { phone } }), 404);
    expectDetail(await send('GET', '/vertifications/'), 405);
  });

  it('PUT /users/{pk}/ by someone else → 403; privileged fields by the user themself → 403, nothing applied', async () => {
    expectDetail(await send('PUT', `/users/${userId}/`, { auth: jwt(ownerToken), json: { wechat: 'hijack' } }), 403);
    expectDetail(await send('PUT', `/users/${userId}/`, { auth: jwt(loginToken), json: { is_superuser: true } }), 403);
    expectDetail(await send('PUT', `/users/${userId}/`, { auth: jwt(loginToken), json: { school_id: pendingSchoolId } }), 403);
    expectDetail(await send('PUT', `/users/${userId}/`, { json: { wechat: 'anon' } }), 401);
    const after = await send('GET', `/users/${userId}/`, { auth: jwt(loginToken) });
    expect(after.body).toMatchObject({ is_superuser: false, wechat: null, school_id: schoolId });
  });

  it('PUT /users/{pk}/ by the user: email, icon, wechat, work_id change; a bad email is a 400 on email', async () => {
    const fields = {
      email: `e2e.excourse.${suffix}@example.com`,
      icon: 'https://example.com/a.png',
      wechat: `wx_${suffix}`,
      work_id: 'T-001',
    };
    const r = await send('PUT', `/users/${userId}/`, { auth: jwt(loginToken), json: fields });
    expect(r.status, r.text).toBe(200);
    expectUser(r.body);
    expect(r.body).toMatchObject({ id: userId, ...fields });
    expectFieldErrors(await send('PUT', `/users/${userId}/`, { auth: jwt(loginToken), json: { email: 'not-an-email' } }), 'email');
  });

  it('the sysadmin (no username: signs in with ADMIN_EMAIL) may set is_grade / is_super on a teacher', async () => {
    const login = await send('POST', '/users/login/', { json: { username: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    expect(login.status, login.text).toBe(200);
    expect(login.body).toEqual({ user_id: expect.any(Number), username: expect.any(String), token: expect.any(String) });
    const root = await send('GET', `/users/${login.body.user_id}/`, { auth: jwt(login.body.token) });
    expect(root.body).toMatchObject({ is_superuser: true });
    const r = await send('PUT', `/users/${userId}/`, { auth: jwt(login.body.token), json: { is_grade: 1, is_super: 1 } });
    expect(r.status, r.text).toBe(200);
    expect(r.body).toMatchObject({ id: userId, is_grade: 1, is_super: 1, is_superuser: false });
  });

  it('PUT /users/{pk}/ with the documented body {"password"} → 200; earlier tokens stop working; the new password signs in', async () => {
    const r = await send('PUT', `/users/${userId}/`, { auth: jwt(loginToken), json: { password: newPassword } });
    expect(r.status, r.text).toBe(200);
    expectUser(r.body);
    expect(r.body.id).toBe(userId);

    expectDetail(await send('GET', `/users/${userId}/`, { auth: jwt(regToken) }), 401);
    expectFieldErrors(await send('POST', '/users/login/', { json: { username, password } }), 'non_field_errors');
    const login = await send('POST', '/users/login/', { json: { username, password: newPassword } });
    expect(login.status, login.text).toBe(200);
    const me = await send('GET', `/users/${userId}/`, { auth: jwt(login.body.token) });
    expect(me.status, me.text).toBe(200);
  });

  it('campus: the school now has an excourse teacher, so deleting it is refused with 510', async () => {
    const r = await send('DELETE', `/v1/teacher/schools/${schoolId}`, { auth: bearer(ownerToken) });
    expect(r.status, r.text).toBe(400);
    expect(r.body).toEqual({ code: 510, msg: expect.any(String), message: r.body.msg, data: expect.anything() });
    expect(r.body.msg.length).toBeGreaterThan(0);
  });

  it('no response carried a password or a password hash', () => {
    for (const text of seen) {
      expect(text).not.toMatch(/"password"\s*:\s*"/); // a field error `"password": [...]` is fine
      expect(text).not.toMatch(/pbkdf2/i);
      for (const p of [newPassword, ADMIN_PASSWORD]) expect(text).not.toContain(p); // ('123' is too short to look for)
    }
  });
});
