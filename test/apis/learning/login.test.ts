import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ensureSysadmin } from '../../../src/domain/accounts/bootstrap';
import { testDeps } from '../../helpers/deps';
import { call, registerLearner, uniqueEmail } from '../../helpers/http';
import { accountRowById, decodeJwt, expectError, ISO_NAIVE, setActive } from './support';

const LOGIN = '/api/v1/auth/login';

describe('POST /api/v1/auth/login: success', () => {
  it('answers 200 with the documented token pair and user', async () => {
    const { email, password, user } = await registerLearner(uniqueEmail('login'), 'password-123', '用户名');
    const res = await call('POST', LOGIN, { json: { email, password } });
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'expires_in', 'refresh_token', 'token_type', 'user']);
    expect(res.body.access_token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(res.body.refresh_token).toMatch(/^eyJ[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(res.body.refresh_token).not.toBe(res.body.access_token);
    expect(res.body.token_type).toBe('bearer');
    expect(res.body.expires_in).toBe(1800);
    expect(res.body.user).toEqual(user);
    expect(Object.keys(res.body.user).sort()).toEqual(['avatar_url', 'created_at', 'email', 'id', 'is_active', 'name']);
    expect(res.body.user).toMatchObject({ email, name: '用户名', avatar_url: null, is_active: true });
    expect(res.body.user.created_at).toMatch(ISO_NAIVE);
    expect(res.text).not.toMatch(/password|hash/i);
  });

  it('the access token works at /auth/me for the same user', async () => {
    const { email, password, user } = await registerLearner();
    const login = await call('POST', LOGIN, { json: { email, password } });
    const me = await call('GET', '/api/v1/auth/me', { token: login.body.access_token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual(user);
  });

  it('matches the e-mail case-insensitively', async () => {
    const { email, password, user } = await registerLearner(uniqueEmail('MixedCase'));
    for (const variant of [email.toUpperCase(), email.toLowerCase()]) {
      const res = await call('POST', LOGIN, { json: { email: variant, password } });
      expect(res.status, variant).toBe(200);
      expect(res.body.user.id).toBe(user.id);
      expect(res.body.user.email).toBe(email);
    }
  });

  it('the password is case-sensitive', async () => {
    const { email } = await registerLearner(uniqueEmail(), 'Password-ABC');
    expectError(await call('POST', LOGIN, { json: { email, password: 'password-abc' } }), 401, 'UNAUTHORIZED');
    expect((await call('POST', LOGIN, { json: { email, password: 'Password-ABC' } })).status).toBe(200);
  });

  it('records last_login_at in D1', async () => {
    const { email, password, user } = await registerLearner();
    expect((await accountRowById(user.id))!.lastLoginAt).toBeNull();
    const before = Date.now();
    expect((await call('POST', LOGIN, { json: { email, password } })).status).toBe(200);
    const first = (await accountRowById(user.id))!.lastLoginAt!;
    expect(first).toBeGreaterThanOrEqual(before);
    expect(first).toBeLessThanOrEqual(Date.now());
    await new Promise((r) => setTimeout(r, 5));
    expect((await call('POST', LOGIN, { json: { email, password } })).status).toBe(200);
    expect((await accountRowById(user.id))!.lastLoginAt!).toBeGreaterThan(first);
  });

  it('each sign-in issues distinct tokens', async () => {
    const { email, password } = await registerLearner();
    const a = await call('POST', LOGIN, { json: { email, password } });
    const b = await call('POST', LOGIN, { json: { email, password } });
    expect(a.body.access_token).not.toBe(b.body.access_token);
    expect(a.body.refresh_token).not.toBe(b.body.refresh_token);
    expect(decodeJwt(a.body.access_token).payload.jti).not.toBe(decodeJwt(b.body.access_token).payload.jti);
  });

  it('the bootstrapped sysadmin signs in through the learning API', async () => {
    await ensureSysadmin(testDeps());
    const res = await call('POST', LOGIN, { json: { email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.user.email.toLowerCase()).toBe(env.ADMIN_EMAIL!.toLowerCase());
    expect(decodeJwt(res.body.access_token).payload.role).toBe('sysadmin');
  });
});

describe('POST /api/v1/auth/login: token contents', () => {
  it('access token: HS256, exp - iat = 1800, the documented claims', async () => {
    const { email, password, user } = await registerLearner();
    const before = Math.floor(Date.now() / 1000);
    const res = await call('POST', LOGIN, { json: { email, password } });
    const { header, payload } = decodeJwt(res.body.access_token);
    expect(header.alg).toBe('HS256');
    expect(header.typ).toBe('JWT');
    expect(payload.sub).toBe(String(user.id));
    expect(payload.typ).toBe('access');
    expect(payload.role).toBe('student');
    expect(payload.jti).toEqual(expect.any(String));
    expect(payload.iss).toEqual(expect.any(String));
    expect((payload.exp as number) - (payload.iat as number)).toBe(1800);
    expect(payload.iat as number).toBeGreaterThanOrEqual(before);
    expect(payload.iat as number).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect(JSON.stringify(payload)).not.toMatch(/password|hash|@/i);
  });

  it('refresh token: HS256, exp - iat = 7 days, typ refresh, same session as the access token', async () => {
    const { email, password, user } = await registerLearner();
    const res = await call('POST', LOGIN, { json: { email, password } });
    const { header, payload } = decodeJwt(res.body.refresh_token);
    const access = decodeJwt(res.body.access_token).payload;
    expect(header.alg).toBe('HS256');
    expect(payload.typ).toBe('refresh');
    expect(payload.sub).toBe(String(user.id));
    expect((payload.exp as number) - (payload.iat as number)).toBe(7 * 24 * 3600);
    expect(payload.jti).not.toBe(access.jti);
    expect(payload.sid).toBe(access.sid);
  });
});

describe('POST /api/v1/auth/login: refusals', () => {
  it('wrong password and unknown e-mail: the same 401 UNAUTHORIZED body', async () => {
    const { email } = await registerLearner();
    const wrong = await call('POST', LOGIN, { json: { email, password: 'wrong-password' } });
    const unknown = await call('POST', LOGIN, { json: { email: uniqueEmail('nobody'), password: 'wrong-password' } });
    expectError(wrong, 401, 'UNAUTHORIZED');
    expectError(unknown, 401, 'UNAUTHORIZED');
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.text).not.toContain(email);
  });

  it('a failed sign-in does not touch last_login_at', async () => {
    const { email, user } = await registerLearner();
    expect((await call('POST', LOGIN, { json: { email, password: 'wrong-password' } })).status).toBe(401);
    expect((await accountRowById(user.id))!.lastLoginAt).toBeNull();
  });

  it('an inactive account: 403 INACTIVE_USER with the right password, 401 with a wrong one', async () => {
    const { email, password, user } = await registerLearner();
    await setActive(user.id, false);
    const res = await call('POST', LOGIN, { json: { email, password } });
    expectError(res, 403, 'INACTIVE_USER');
    expect(res.body.access_token).toBeUndefined();
    expect(res.text).not.toMatch(/eyJ/);
    expect((await accountRowById(user.id))!.lastLoginAt).toBeNull();
    expectError(await call('POST', LOGIN, { json: { email, password: 'wrong-password' } }), 401, 'UNAUTHORIZED');

    await setActive(user.id, true);
    expect((await call('POST', LOGIN, { json: { email, password } })).status).toBe(200);
  });

  it('refuses missing or mistyped fields with 422 VALIDATION_ERROR', async () => {
    const { email, password } = await registerLearner();
    for (const json of [
      {},
      { email },
      { password },
      { email: '', password },
      { email, password: '' },
      { email: 1, password },
      { email, password: null },
      { email, password: [password] },
      [],
      null,
    ]) {
      expectError(await call('POST', LOGIN, { json }), 422, 'VALIDATION_ERROR');
    }
  });

  it('ignores extra fields (a "remember me" box, a captcha)', async () => {
    const { email, password, user } = await registerLearner();
    const res = await call('POST', LOGIN, { json: { email, password, remember_me: true, captcha: 'x' } });
    expect(res.status, res.text).toBe(200);
    expect(res.body.user.id).toBe(user.id);
  });

  it('refuses malformed JSON and a non-JSON Content-Type with 422', async () => {
    expectError(await call('POST', LOGIN, { body: '{"email":', headers: { 'Content-Type': 'application/json' } }), 422, 'VALIDATION_ERROR');
    const { email, password } = await registerLearner();
    expectError(
      await call('POST', LOGIN, { body: JSON.stringify({ email, password }), headers: { 'Content-Type': 'text/plain' } }),
      422,
      'VALIDATION_ERROR',
    );
  });
});
