import { describe, expect, it } from 'vitest';
import { call } from '../../helpers/http';
import { ADMIN, approvedSchool, expectCampusError, expectOk, sendCode, TEST_CODE, uniquePhone } from '../campus/support';

/**
 * Audit: excourse signs in by username first and by e-mail only when no account has that string as its
 * username, so a new username equal to someone's e-mail locked that account (a campus teacher, the
 * sysadmin) out of the excourse sign-in. Such a username is taken, whoever creates it.
 */
let seq = 0;
/** A campus teacher whose e-mail also fits a campus student username (4–32 characters). */
async function victim() {
  const email = `v${Date.now().toString(36)}${++seq}@ex.test`;
  const password = 'victim-pass-1';
  expectOk(await call('POST', '/v1/teacher/register', { json: { name: '受害者', username: email, password } }));
  return { email, password };
}

const excourseLogin = (username: string, password: string) => call('POST', '/users/login/', { json: { username, password } });

describe("a username that is another account's e-mail is taken", () => {
  it('campus: a school owner cannot create a student named after a teacher’s or the sysadmin’s e-mail', async () => {
    const { owner, schoolId } = await approvedSchool();
    const v = await victim();
    expect((await excourseLogin(v.email, v.password)).status).toBe(200);
    for (const username of [v.email, v.email.toUpperCase(), ADMIN.email]) {
      const res = await call('POST', `/v1/teacher/schools/${schoolId}/students`, {
        token: owner.token,
        json: { name: '冒名', username, password: 'whatever1' },
      });
      expect(expectCampusError(res, 422).data, username).toEqual({ username: ['用户名已存在'] });
    }
    expect((await excourseLogin(v.email, v.password)).status).toBe(200);
    expect((await excourseLogin(ADMIN.email, ADMIN.password)).status).toBe(200);
  });

  it('excourse: neither a code nor a registration for such a username; the victim still signs in by e-mail', async () => {
    const { schoolId } = await approvedSchool();
    const v = await victim();
    const phone = uniquePhone();
    const code = await sendCode(phone, v.email.toUpperCase());
    expect(code.status).toBe(400);
    expect(code.body).toEqual({ username: ['已存在一位使用该名字的用户。'] });
    expect((await sendCode(phone)).status).toBe(200);
    const reg = await call('POST', '/users/register/', {
      json: { username: v.email, password: 'secret-12', school_id: schoolId, phone, sms_code: TEST_CODE },
    });
    expect(reg.status).toBe(400);
    expect(reg.body).toEqual({ username: ['已存在一位使用该名字的用户。'] });
    const signIn = await excourseLogin(v.email, v.password);
    expect(signIn.status, signIn.text).toBe(200);
    expect(signIn.body).toMatchObject({ user_id: expect.any(Number), token: expect.any(String) });
    // The code was not spent on the refused registration: the same phone registers under a free name.
    const ok = await call('POST', '/users/register/', {
      json: { username: `ok_${v.email.split('@')[0]}`, password: 'secret-12', school_id: schoolId, phone, sms_code: TEST_CODE },
    });
    expect(ok.status, ok.text).toBe(201);
  });
});
