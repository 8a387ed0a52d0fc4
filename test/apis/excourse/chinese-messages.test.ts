import { describe, expect, it } from 'vitest';
import { call, type CallResult } from '../../helpers/http';
import { adminToken, approvedSchool, excourseTeacher, jwt, uniquePhone } from '../campus/support';

/**
 * Audit: `school_id` 0 answered zod's `Too small: expected number to be >0`. Every excourse message is
 * DRF's zh-hans (or this API's own Chinese); no zod or core English reaches a client.
 */
const ENGLISH = /too small|too big|invalid|expected|received|required|must|string|number/i;
const HAN = /\p{Script=Han}/u;

function messages(body: unknown): string[] {
  if (typeof body === 'string') return [body];
  if (Array.isArray(body)) return body.flatMap(messages);
  if (body && typeof body === 'object') return Object.values(body).flatMap(messages);
  return [];
}

function expectChinese(res: CallResult, what: string) {
  expect(res.status, `${what}: ${res.text}`).toBeGreaterThanOrEqual(400);
  expect(res.status, `${what}: ${res.text}`).toBeLessThan(500);
  const texts = messages(res.body);
  expect(texts.length, what).toBeGreaterThan(0);
  for (const t of texts) {
    expect(t, `${what}: ${res.text}`).toMatch(HAN);
    expect(t, `${what}: ${res.text}`).not.toMatch(ENGLISH);
  }
}

const HUGE = 2 ** 60;
const NOT_OBJECTS: unknown[] = [[], 'text', 7, true, null];

describe('no English validation text on any excourse operation', () => {
  it('school_id below 1 gets MinValueValidator’s message, on register and on the sysadmin’s PUT', async () => {
    const { schoolId } = await approvedSchool();
    const t = await excourseTeacher(schoolId);
    const base = { username: 'nobody_x', password: 'secret-12', phone: uniquePhone(), sms_code: '123456' };
    for (const school_id of [0, -1, '0', '-1']) {
      const reg = await call('POST', '/users/register/', { json: { ...base, school_id } });
      expect(reg.status).toBe(400);
      expect(reg.body, JSON.stringify(school_id)).toEqual({ school_id: ['请确保该值大于或者等于 1。'] });
    }
    const root = await adminToken();
    for (const school_id of [0, -1]) {
      const res = await call('PUT', `/users/${t.id}/`, { json: { school_id }, headers: jwt(root) });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ school_id: ['请确保该值大于或者等于 1。'] });
    }
  });

  it('bad inputs across the five operations', async () => {
    const { schoolId } = await approvedSchool();
    const t = await excourseTeacher(schoolId);
    const root = await adminToken();
    const phone = uniquePhone();
    const reg = { username: 'nobody_y', password: 'secret-12', school_id: schoolId, phone, sms_code: '123456' };

    const sendCode: unknown[] = [
      ...NOT_OBJECTS,
      {},
      { phone: 13800000000 },
      { phone: null },
      { phone: '' },
      { phone: [phone] },
      { phone, username: 123 },
      { phone, username: '' },
      { phone, username: 'has space' },
      { phone, username: 'x'.repeat(151) },
      // An unknown field is ignored: the bad value beside it is what is answered, in Chinese.
      { phone: '12', extra: 1 },
    ];
    for (const json of sendCode) expectChinese(await call('POST', '/vertifications/', { json }), `send code ${JSON.stringify(json)}`);

    const register: unknown[] = [
      ...NOT_OBJECTS,
      {},
      ...[0, -1, 1.5, HUGE, -HUGE, '1.5', '1e3', '', 'one', true, [], {}, null].map((school_id) => ({ ...reg, school_id })),
      { ...reg, is_grade: 2 },
      { ...reg, is_super: '0' },
      { ...reg, email: 5 },
      { ...reg, email: `${'x'.repeat(250)}@example.test` },
      { ...reg, work_id: 5 },
      { ...reg, wechat: {} },
      { ...reg, password: 1 },
      { ...reg, password: 'x'.repeat(129) },
      { ...reg, username: [] },
      { ...reg, sms_code: 123456 },
      { ...reg, sms_code: '12a456' },
      { ...reg, phone: '12345' },
      { ...reg, is_superuser: true, password: 1 },
    ];
    for (const json of register) expectChinese(await call('POST', '/users/register/', { json }), `register ${JSON.stringify(json)}`);

    const login: unknown[] = [
      ...NOT_OBJECTS,
      {},
      { username: 1, password: [] },
      { username: null, password: null },
      { username: '', password: '' },
      { username: 'x', password: 'y', z: 1 },
    ];
    for (const json of login) expectChinese(await call('POST', '/users/login/', { json }), `login ${JSON.stringify(json)}`);

    for (const pk of ['0', '-1', 'abc', '1.5', String(HUGE)])
      expectChinese(await call('GET', `/users/${pk}/`, { headers: jwt(t.token) }), `get ${pk}`);

    const update: unknown[] = [
      ...NOT_OBJECTS,
      ...[0, -1, 1.5, HUGE, -HUGE, '0', 'one', true, null].map((school_id) => ({ school_id })),
      { is_grade: 2 },
      { is_super: -1 },
      { is_active: 'yes' },
      { is_superuser: 1, icon: 5 },
      { password: '12' },
      { password: null },
      { email: 'bad' },
      { icon: 5 },
      { wechat: 'x'.repeat(65) },
      { username: 'renamed', email: 'bad' },
    ];
    for (const json of update)
      expectChinese(await call('PUT', `/users/${t.id}/`, { json, headers: jwt(root) }), `update ${JSON.stringify(json)}`);
  });
});
