import { describe, expect, it } from 'vitest';
import { revokeAllSessions } from '../../../src/domain/auth/sessions';
import { testDeps } from '../../helpers/deps';
import { call, registerLearner, signedInLearner } from '../../helpers/http';
import { b64url, decodeJwt, deleteAccount, expectError, forgeToken, setActive } from './support';

const ME = '/api/v1/auth/me';
const me = (token: string) => call('GET', ME, { headers: { Authorization: `Bearer ${token}` } });

describe('GET /api/v1/auth/me', () => {
  it('answers 200 with the documented user for a valid access token', async () => {
    const s = await signedInLearner();
    const res = await me(s.access_token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(s.user);
    expect(Object.keys(res.body).sort()).toEqual(['avatar_url', 'created_at', 'email', 'id', 'is_active', 'name']);
  });

  it('accepts the scheme in any letter case', async () => {
    const s = await signedInLearner();
    for (const scheme of ['bearer', 'BEARER']) {
      expect((await call('GET', ME, { headers: { Authorization: `${scheme} ${s.access_token}` } })).status, scheme).toBe(200);
    }
  });
});

describe('missing or malformed credentials', () => {
  it('no Authorization header: 401 UNAUTHORIZED', async () => {
    expectError(await call('GET', ME), 401, 'UNAUTHORIZED');
  });

  it('an Authorization header without a bearer token: 401', async () => {
    const s = await signedInLearner();
    for (const value of [
      'Bearer',
      'Bearer ',
      s.access_token,
      `Basic ${s.access_token}`,
      `Token ${s.access_token}`,
      `Bearer ${s.access_token} extra`,
    ]) {
      const res = await call('GET', ME, { headers: { Authorization: value } });
      expectError(res, 401);
      expect(['UNAUTHORIZED', 'INVALID_TOKEN'], value).toContain(res.body.error.code);
    }
  });

  it("'Bearer garbage': 401 INVALID_TOKEN", async () => {
    expectError(await me('garbage'), 401, 'INVALID_TOKEN');
    expectError(await me('a.b.c'), 401, 'INVALID_TOKEN');
  });

  it('a token with a tampered payload: 401 INVALID_TOKEN', async () => {
    const s = await signedInLearner();
    const other = await registerLearner();
    const [h, , sig] = s.access_token.split('.');
    const payload = { ...decodeJwt(s.access_token).payload, sub: String(other.user.id) };
    expectError(await me(`${h}.${b64url(payload)}.${sig}`), 401, 'INVALID_TOKEN');
  });
});

describe('forged and foreign tokens', () => {
  it('control: a token built like the service builds one, with the test secret, is accepted', async () => {
    const { user } = await registerLearner();
    const res = await me(await forgeToken(user.id));
    expect(res.status, res.text).toBe(200);
    expect(res.body.id).toBe(user.id);
  });

  it('an alg:none token with the same claims: 401', async () => {
    const s = await signedInLearner();
    const { payload } = decodeJwt(s.access_token);
    for (const alg of ['none', 'None', 'NONE']) {
      const unsigned = `${b64url({ alg, typ: 'JWT' })}.${b64url(payload)}.`;
      expectError(await me(unsigned), 401, 'INVALID_TOKEN');
      // ... and with the original signature left on.
      expectError(await me(`${b64url({ alg, typ: 'JWT' })}.${b64url(payload)}.${s.access_token.split('.')[2]}`), 401, 'INVALID_TOKEN');
    }
  });

  it('a token signed with another secret: 401', async () => {
    const { user } = await registerLearner();
    const other = new TextEncoder().encode('another-secret-that-is-long-enough-0123456789');
    expectError(await me(await forgeToken(user.id, { secret: other })), 401, 'INVALID_TOKEN');
  });

  it('HS384 / HS512 tokens signed with the right secret: 401 (algorithm pinned to HS256)', async () => {
    const { user } = await registerLearner();
    for (const alg of ['HS384', 'HS512'] as const) {
      expectError(await me(await forgeToken(user.id, { alg })), 401, 'INVALID_TOKEN');
    }
  });

  it('a token from another issuer: 401', async () => {
    const { user } = await registerLearner();
    expectError(await me(await forgeToken(user.id, { iss: 'someone-else' })), 401, 'INVALID_TOKEN');
  });

  it('a token with an unknown role or a non-numeric subject: 401', async () => {
    const { user } = await registerLearner();
    expectError(await me(await forgeToken(user.id, { role: 'superuser' })), 401, 'INVALID_TOKEN');
    expectError(await me(await forgeToken(0)), 401, 'INVALID_TOKEN');
  });
});

describe('expiry', () => {
  it('an expired token (beyond the 30 s tolerance): 401 INVALID_TOKEN', async () => {
    const { user } = await registerLearner();
    const now = Math.floor(Date.now() / 1000);
    expectError(await me(await forgeToken(user.id, { iat: now - 1900, exp: now - 100 })), 401, 'INVALID_TOKEN');
    expectError(await me(await forgeToken(user.id, { iat: now - 1900, exp: now - 31 - 5 })), 401, 'INVALID_TOKEN');
  });

  it('a token that expired within the clock tolerance is still accepted', async () => {
    const { user } = await registerLearner();
    const now = Math.floor(Date.now() / 1000);
    expect((await me(await forgeToken(user.id, { iat: now - 1800, exp: now - 5 }))).status).toBe(200);
  });
});

describe('token types', () => {
  it('a refresh token used as an access token: 401', async () => {
    const s = await signedInLearner();
    expectError(await me(s.refresh_token), 401, 'INVALID_TOKEN');
    // A forged refresh-typed token with a 30-minute life is refused as well.
    expectError(await me(await forgeToken(s.user.id, { typ: 'refresh' })), 401, 'INVALID_TOKEN');
  });

  it('an access token used at /refresh: 401 (and it keeps working as an access token)', async () => {
    const s = await signedInLearner();
    expectError(await call('POST', '/api/v1/auth/refresh', { json: { refresh_token: s.access_token } }), 401, 'INVALID_TOKEN');
    expect((await me(s.access_token)).status).toBe(200);
    // ... and the session's real refresh token was not burnt by the attempt.
    expect((await call('POST', '/api/v1/auth/refresh', { json: { refresh_token: s.refresh_token } })).status).toBe(200);
  });

  it('a refresh token at /logout: 401', async () => {
    const s = await signedInLearner();
    expectError(await call('POST', '/api/v1/auth/logout', { token: s.refresh_token }), 401, 'INVALID_TOKEN');
  });
});

describe('the account behind the token', () => {
  it('an account deleted after sign-in: 401 USER_NOT_FOUND', async () => {
    const s = await signedInLearner();
    await deleteAccount(s.user.id);
    expectError(await me(s.access_token), 401, 'USER_NOT_FOUND');
  });

  it('a deleted account id is never reused, so its old token cannot act as a newer account', async () => {
    const s = await signedInLearner();
    await deleteAccount(s.user.id);
    const next = await registerLearner();
    expect(next.user.id).not.toBe(s.user.id);
    expect(next.user.id).toBeGreaterThan(s.user.id);
    expectError(await me(s.access_token), 401, 'USER_NOT_FOUND');
  });

  it('an account disabled (is_active false) without revocation: 403 INACTIVE_USER', async () => {
    const s = await signedInLearner();
    await setActive(s.user.id, false);
    expectError(await me(s.access_token), 403, 'INACTIVE_USER');
  });

  it('an account disabled with revokeAllSessions: its tokens answer 401, refresh included', async () => {
    const s = await signedInLearner();
    expect((await me(s.access_token)).status).toBe(200);
    await setActive(s.user.id, false);
    const deps = testDeps();
    deps.clock.set(Date.now() + 1); // strictly after the tokens were issued
    await revokeAllSessions(deps, s.user.id);
    expectError(await me(s.access_token), 401, 'INVALID_TOKEN');
    expectError(await call('POST', '/api/v1/auth/refresh', { json: { refresh_token: s.refresh_token } }), 401, 'INVALID_TOKEN');
    expectError(await call('POST', '/api/v1/auth/logout', { token: s.access_token }), 401, 'INVALID_TOKEN');
  });

  it('revokeAllSessions on an active account: old tokens stop, a new sign-in works', async () => {
    const s = await signedInLearner();
    const deps = testDeps();
    deps.clock.set(Date.now() + 1);
    await revokeAllSessions(deps, s.user.id);
    expectError(await me(s.access_token), 401, 'INVALID_TOKEN');
    await new Promise((r) => setTimeout(r, 5));
    const login = await call('POST', '/api/v1/auth/login', { json: { email: s.email, password: s.password } });
    expect(login.status).toBe(200);
    expect((await me(login.body.access_token)).status).toBe(200);
  });
});
