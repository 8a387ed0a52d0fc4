import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { refreshTokens } from '../../src/db/schema';
import { testDeps } from '../helpers/deps';
import { actor } from './actors';
import { burst, request, split } from './burst';

// Only the learning API issues refresh tokens (the other four documents have none; see each API's TokenPolicy).
const N = 12;
const refresh = (refresh_token: string) => request('POST', '/api/v1/auth/refresh', { json: { refresh_token } });

async function signedIn() {
  const a = await actor();
  const res = await request('POST', '/api/v1/auth/login', { json: { email: a.email, password: a.password } });
  expect(res.status, res.text).toBe(200);
  return { ...a, refreshToken: res.body.refresh_token as string };
}

const familyOf = async (accountId: number) =>
  testDeps().db.select().from(refreshTokens).where(eq(refreshTokens.accountId, accountId)).all();

describe(`one refresh token used ${N} times at once`, () => {
  it('exactly one 200; the others 401 INVALID_TOKEN; the reuse revokes the whole session, the winner’s new token included', async () => {
    const s = await signedIn();
    const results = await burst(N, () => refresh(s.refreshToken));
    const [[won], lost] = split(results, 200, 1, 401);
    for (const r of lost) expect(r.body.error.code).toBe('INVALID_TOKEN');
    // docs/decisions.md "Tokens": presenting a spent refresh token revokes the session (its refresh
    // family), whichever of the parallel calls got there first; the client signs in again.
    const rows = await familyOf(s.id);
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(row.revokedAt, JSON.stringify(row)).not.toBeNull();
    const next = await refresh(won!.body.refresh_token);
    expect(next.status, next.text).toBe(401);
    // The access token the winner got still works until it expires (only refresh tokens are per session).
    expect((await request('GET', '/api/v1/auth/me', { token: won!.body.access_token })).status).toBe(200);
  });

  it('different sessions of one account refreshing at once all succeed and stay independent', async () => {
    const a = await actor();
    const sessions: string[] = [];
    for (let i = 0; i < N; i++) {
      const res = await request('POST', '/api/v1/auth/login', { json: { email: a.email, password: a.password } });
      sessions.push(res.body.refresh_token);
    }
    const results = await burst(N, (i) => refresh(sessions[i]!));
    split(results, 200, N, 0);
    const rows = await familyOf(a.id);
    expect(rows).toHaveLength(2 * N);
    expect(rows.filter((r) => r.revokedAt !== null)).toEqual([]);
    expect(rows.filter((r) => r.usedAt !== null)).toHaveLength(N);
  });
});
