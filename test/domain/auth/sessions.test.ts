import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, refreshTokens } from '../../../src/db/schema';
import { createAccount } from '../../../src/domain/accounts/accounts';
import {
  authenticate,
  endSession,
  purgeExpiredRefreshTokens,
  revokeAllSessions,
  rotateRefreshToken,
  signIn,
  startSession,
} from '../../../src/domain/auth/sessions';
import { uniqueEmail } from '../../helpers/http';
import { testDeps } from '../../helpers/deps';

const POLICY = { accessTtlSeconds: 1800, refreshTtlSeconds: 7 * 24 * 3600 };

async function account(deps = testDeps()) {
  const email = uniqueEmail('session');
  const a = await createAccount(deps, { email, name: 'S', password: 'password-1', role: 'teacher' }, { selfRegistration: true });
  return { deps, email, account: a };
}

describe('sign-in sessions', () => {
  it('signs in by e-mail in any letter case and records the time', async () => {
    const { deps, email, account: a } = await account();
    deps.clock.set(Date.UTC(2026, 5, 1));
    const signed = await signIn(deps, { email: email.toUpperCase() }, 'password-1');
    expect(signed.id).toBe(a.id);
    const row = await deps.db.select().from(accounts).where(eq(accounts.id, a.id)).get();
    expect(row?.lastLoginAt).toBe(Date.UTC(2026, 5, 1));
  });

  it('refuses a wrong password, an unknown account and a disabled account', async () => {
    const { deps, email, account: a } = await account();
    await expect(signIn(deps, { email }, 'wrong-password')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await expect(signIn(deps, { email: uniqueEmail() }, 'password-1')).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    await deps.db.update(accounts).set({ isActive: false }).where(eq(accounts.id, a.id)).run();
    await expect(signIn(deps, { email }, 'password-1')).rejects.toMatchObject({ code: 'INACTIVE_USER' });
  });

  it('issues an access token that authenticates, and a tracked refresh token', async () => {
    const { deps, account: a } = await account();
    const tokens = await startSession(deps, a, POLICY);
    expect(tokens.accessExpiresIn).toBe(1800);
    const principal = await authenticate(deps, tokens.accessToken);
    expect(principal).toMatchObject({ accountId: a.id, role: 'teacher' });
    const rows = await deps.db.select().from(refreshTokens).where(eq(refreshTokens.accountId, a.id)).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.familyId).toBe(principal.sid);
  });

  it('rotates refresh tokens: each is single use', async () => {
    const { deps, account: a } = await account();
    const first = await startSession(deps, a, POLICY);
    const second = await rotateRefreshToken(deps, first.refreshToken!, POLICY);
    expect(second.tokens.refreshToken).not.toBe(first.refreshToken);
    await expect(rotateRefreshToken(deps, first.refreshToken!, POLICY)).rejects.toMatchObject({ kind: 'token_invalid' });
  });

  it('revokes the whole family when a spent refresh token comes back', async () => {
    const { deps, account: a } = await account();
    const first = await startSession(deps, a, POLICY);
    const second = await rotateRefreshToken(deps, first.refreshToken!, POLICY);
    await expect(rotateRefreshToken(deps, first.refreshToken!, POLICY)).rejects.toThrow();
    await expect(rotateRefreshToken(deps, second.tokens.refreshToken!, POLICY)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
  });

  it('lets exactly one of two parallel refreshes with one token succeed', async () => {
    const { deps, account: a } = await account();
    const first = await startSession(deps, a, POLICY);
    const results = await Promise.allSettled([
      rotateRefreshToken(deps, first.refreshToken!, POLICY),
      rotateRefreshToken(deps, first.refreshToken!, POLICY),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('ends a session: the access token and the session’s refresh token stop working', async () => {
    const { deps, account: a } = await account();
    const tokens = await startSession(deps, a, POLICY);
    const other = await startSession(deps, a, POLICY);
    await endSession(deps, await authenticate(deps, tokens.accessToken));
    await expect(authenticate(deps, tokens.accessToken)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    await expect(rotateRefreshToken(deps, tokens.refreshToken!, POLICY)).rejects.toThrow();
    expect(await authenticate(deps, other.accessToken)).toBeTruthy();
  });

  it('revokes every earlier token of an account (disable, password change) but not later ones', async () => {
    const { deps, account: a } = await account();
    const before = await startSession(deps, a, POLICY);
    deps.clock.advance(5);
    await revokeAllSessions(deps, a.id);
    await expect(authenticate(deps, before.accessToken)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    await expect(rotateRefreshToken(deps, before.refreshToken!, POLICY)).rejects.toThrow();
    deps.clock.advance(5);
    const after = await startSession(deps, a, POLICY);
    expect(await authenticate(deps, after.accessToken)).toBeTruthy();
  });

  it('refuses a refresh for an account that was disabled meanwhile', async () => {
    const { deps, account: a } = await account();
    const tokens = await startSession(deps, a, POLICY);
    await deps.db.update(accounts).set({ isActive: false }).where(eq(accounts.id, a.id)).run();
    await expect(rotateRefreshToken(deps, tokens.refreshToken!, POLICY)).rejects.toMatchObject({ code: 'INACTIVE_USER' });
  });

  it('purges refresh tokens past their expiry and keeps live ones', async () => {
    const { deps, account: a } = await account();
    const live = await startSession(deps, a, POLICY);
    deps.clock.advance(-8 * 24 * 3600 * 1000);
    await startSession(deps, a, POLICY);
    deps.clock.advance(8 * 24 * 3600 * 1000);
    expect(await purgeExpiredRefreshTokens(deps)).toBeGreaterThanOrEqual(1);
    const rows = await deps.db.select().from(refreshTokens).where(eq(refreshTokens.accountId, a.id)).all();
    expect(rows).toHaveLength(1);
    expect((await rotateRefreshToken(deps, live.refreshToken!, POLICY)).account.id).toBe(a.id);
  });
});
