import { describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { refreshTokens } from '../../../src/db/schema';
import { testDeps } from '../../helpers/deps';
import { call, loginLearner, signedInLearner } from '../../helpers/http';
import { decodeJwt, expectError, setActive } from './support';

const REFRESH = '/api/v1/auth/refresh';
const LOGOUT = '/api/v1/auth/logout';
const refresh = (refresh_token: string) => call('POST', REFRESH, { json: { refresh_token } });
const me = (token: string) => call('GET', '/api/v1/auth/me', { token });

describe('POST /api/v1/auth/refresh', () => {
  it('answers 200 with exactly access_token, refresh_token and token_type bearer', async () => {
    const s = await signedInLearner();
    const res = await refresh(s.refresh_token);
    expect(res.status, res.text).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['access_token', 'refresh_token', 'token_type']);
    expect(res.body.token_type).toBe('bearer');
    expect(res.body.access_token).not.toBe(s.access_token);
    expect(res.body.refresh_token).not.toBe(s.refresh_token);
  });

  it('the new pair has the documented lifetimes, the same subject and the same session', async () => {
    const s = await signedInLearner();
    const res = await refresh(s.refresh_token);
    const access = decodeJwt(res.body.access_token);
    const next = decodeJwt(res.body.refresh_token);
    const old = decodeJwt(s.refresh_token).payload;
    expect(access.header.alg).toBe('HS256');
    expect(next.header.alg).toBe('HS256');
    expect(access.payload.typ).toBe('access');
    expect(next.payload.typ).toBe('refresh');
    expect((access.payload.exp as number) - (access.payload.iat as number)).toBe(1800);
    expect((next.payload.exp as number) - (next.payload.iat as number)).toBe(7 * 24 * 3600);
    expect(access.payload.sub).toBe(String(s.user.id));
    expect(next.payload.sub).toBe(String(s.user.id));
    expect(next.payload.sid).toBe(old.sid);
    expect(next.payload.jti).not.toBe(old.jti);
  });

  it('rotates: the new pair works and the old refresh token is refused with 401 INVALID_TOKEN', async () => {
    const s = await signedInLearner();
    const first = await refresh(s.refresh_token);
    expect(first.status).toBe(200);
    const meRes = await me(first.body.access_token);
    expect(meRes.status).toBe(200);
    expect(meRes.body.id).toBe(s.user.id);
    // The original access token is not revoked by a refresh.
    expect((await me(s.access_token)).status).toBe(200);

    const again = await refresh(s.refresh_token);
    expectError(again, 401, 'INVALID_TOKEN');
  });

  it('a chain of refreshes keeps working while each token is used once', async () => {
    const s = await signedInLearner();
    let token = s.refresh_token;
    for (let i = 0; i < 3; i++) {
      const res = await refresh(token);
      expect(res.status, `step ${i}`).toBe(200);
      token = res.body.refresh_token;
    }
    expect((await refresh(token)).status).toBe(200);
  });

  it('reusing a spent refresh token revokes the family: the pair from the first refresh stops refreshing', async () => {
    const s = await signedInLearner();
    const first = await refresh(s.refresh_token);
    expect(first.status).toBe(200);
    expectError(await refresh(s.refresh_token), 401, 'INVALID_TOKEN');
    expectError(await refresh(first.body.refresh_token), 401, 'INVALID_TOKEN');
    const rows = await testDeps().db.select().from(refreshTokens).where(eq(refreshTokens.accountId, s.user.id)).all();
    expect(rows.length).toBe(2);
    for (const row of rows) expect(row.revokedAt).not.toBeNull();
  });

  it('family revocation is per session: another sign-in of the same account keeps refreshing', async () => {
    const s = await signedInLearner();
    const other = await loginLearner(s.email, s.password);
    expect((await refresh(s.refresh_token)).status).toBe(200);
    expect((await refresh(s.refresh_token)).status).toBe(401);
    expect((await refresh(other.refresh_token)).status).toBe(200);
  });

  it('an access token in place of the refresh token: 401 INVALID_TOKEN "Expected a refresh token"', async () => {
    const s = await signedInLearner();
    const res = await refresh(s.access_token);
    expectError(res, 401, 'INVALID_TOKEN');
    expect(res.body.error.message).toBe('Expected a refresh token');
  });

  it('refuses garbage, empty and missing refresh tokens', async () => {
    expectError(await refresh('garbage'), 401, 'INVALID_TOKEN');
    expectError(await refresh(''), 422, 'VALIDATION_ERROR');
    expectError(await call('POST', REFRESH, { json: {} }), 422, 'VALIDATION_ERROR');
    expectError(await call('POST', REFRESH, { json: { refresh_token: 123 } }), 422, 'VALIDATION_ERROR');
    expectError(await call('POST', REFRESH, { body: '{', headers: { 'Content-Type': 'application/json' } }), 422, 'VALIDATION_ERROR');
  });

  it('an inactive account cannot refresh: 403 INACTIVE_USER', async () => {
    const s = await signedInLearner();
    await setActive(s.user.id, false);
    const res = await refresh(s.refresh_token);
    expectError(res, 403, 'INACTIVE_USER');
    expect(res.text).not.toMatch(/eyJ/);
  });
});

describe('POST /api/v1/auth/logout', () => {
  it('answers 200 with the documented body', async () => {
    const s = await signedInLearner();
    const res = await call('POST', LOGOUT, { token: s.access_token });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'Successfully logged out', detail: 'Please discard your tokens on the client side' });
  });

  it('the access token stops working at once', async () => {
    const s = await signedInLearner();
    expect((await me(s.access_token)).status).toBe(200);
    expect((await call('POST', LOGOUT, { token: s.access_token })).status).toBe(200);
    expectError(await me(s.access_token), 401, 'INVALID_TOKEN');
    expectError(await call('POST', LOGOUT, { token: s.access_token }), 401, 'INVALID_TOKEN');
  });

  it("the session's refresh token stops too", async () => {
    const s = await signedInLearner();
    expect((await call('POST', LOGOUT, { token: s.access_token })).status).toBe(200);
    expectError(await refresh(s.refresh_token), 401, 'INVALID_TOKEN');
  });

  it('after a refresh, logging out with the new access token ends the rotated session', async () => {
    const s = await signedInLearner();
    const rotated = await refresh(s.refresh_token);
    expect(rotated.status).toBe(200);
    expect((await call('POST', LOGOUT, { token: rotated.body.access_token })).status).toBe(200);
    expectError(await refresh(rotated.body.refresh_token), 401, 'INVALID_TOKEN');
    expectError(await me(rotated.body.access_token), 401, 'INVALID_TOKEN');
  });

  it('other sessions of the same account keep working', async () => {
    const s = await signedInLearner();
    const other = await loginLearner(s.email, s.password);
    expect((await call('POST', LOGOUT, { token: s.access_token })).status).toBe(200);
    expect((await me(other.access_token)).status).toBe(200);
    expect((await refresh(other.refresh_token)).status).toBe(200);
  });

  it('without a token: 401 UNAUTHORIZED', async () => {
    expectError(await call('POST', LOGOUT), 401, 'UNAUTHORIZED');
  });

  it('with a garbage token: 401 INVALID_TOKEN', async () => {
    expectError(await call('POST', LOGOUT, { token: 'garbage' }), 401, 'INVALID_TOKEN');
  });
});
