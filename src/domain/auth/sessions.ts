import { and, eq, gt, isNull, lt, ne, sql } from 'drizzle-orm';
import { refreshTokens } from '../../db/schema';
import { burnPasswordCheck, verifyPassword } from '../../platform/passwords';
import { findAccount, findAccountById, recordSignIn, type Account, type SignInIdentifier } from '../accounts/accounts';
import type { Deps } from '../deps';
import type { CutOff } from '../../platform/token-store';
import { AppError } from '../errors';
import type { Principal } from './principal';
import { signToken, verifyToken, type ExtraClaims, type TokenClaims } from './tokens';

/** Token lifetimes are set by each API document; a policy without refresh issues access tokens only. */
export interface TokenPolicy {
  accessTtlSeconds: number;
  refreshTtlSeconds: number | null;
  /** The claims the API's document shows in its access tokens (e.g. `userId`); read by frontends, never by us. */
  claims?: (account: Account) => ExtraClaims;
}

export interface IssuedTokens {
  accessToken: string;
  accessExpiresIn: number;
  refreshToken: string | null;
}

/** The longest access-token lifetime any API issues (progress "remember me": 30 days). */
export const LONGEST_ACCESS_TTL_SECONDS = 30 * 24 * 3600;

const inactive = () => new AppError('forbidden', 'INACTIVE_USER', 'User account is disabled');

/**
 * Checks a password sign-in without recording it. Unknown identifiers cost the same hashing time as
 * wrong passwords. `found` is the identifier's account when the caller has already looked it up
 * (null: nobody's). API code signs in through signInWithLockout (login-throttle.ts), which adds the
 * lockout and the API's own admission rule before the sign-in is recorded.
 */
export async function checkSignIn(deps: Deps, identifier: SignInIdentifier, password: string, found?: Account | null): Promise<Account> {
  const account = found === undefined ? await findAccount(deps, identifier) : (found ?? undefined);
  const ok = account
    ? await verifyPassword(password, account.passwordHash)
    : await burnPasswordCheck(password, deps.config.passwordHashIterations);
  if (!account || !ok) throw new AppError('unauthenticated', 'INVALID_CREDENTIALS', 'Incorrect credentials');
  if (!account.isActive) throw inactive();
  return account;
}

/** Stamps the account's last sign-in: only once every check of the API let it in. */
export async function admitSignIn(deps: Deps, account: Account): Promise<Account> {
  account.lastLoginAt = await recordSignIn(deps, account.id);
  return account;
}

export async function signIn(deps: Deps, identifier: SignInIdentifier, password: string, found?: Account | null): Promise<Account> {
  return admitSignIn(deps, await checkSignIn(deps, identifier, password, found));
}

/** A refresh token that is neither used, revoked nor expired. */
const claimable = (jti: string, now: number) =>
  and(eq(refreshTokens.jti, jti), isNull(refreshTokens.usedAt), isNull(refreshTokens.revokedAt), gt(refreshTokens.expiresAt, now));

/** Signs the pair; the refresh token's row is returned unwritten, for the caller's batch. */
async function signTokens(deps: Deps, account: Account, sid: string, policy: TokenPolicy, now: number, replaces?: string) {
  const base = { accountId: account.id, role: account.role, sid };
  const access = await signToken(deps.config, { ...base, typ: 'access', extra: policy.claims?.(account) }, now, policy.accessTtlSeconds);
  const tokens: IssuedTokens = { accessToken: access.token, accessExpiresIn: policy.accessTtlSeconds, refreshToken: null };
  if (policy.refreshTtlSeconds === null) return { tokens, insert: null };
  const refresh = await signToken(deps.config, { ...base, typ: 'refresh' }, now, policy.refreshTtlSeconds);
  // Born revoked when its family already is: a parallel reuse of the token this one replaces may have
  // revoked the family between the claim and this insert, and the new token must not outlive that.
  const familyRevokedAt = sql`(select max(${refreshTokens.revokedAt}) from ${refreshTokens} where ${refreshTokens.familyId} = ${sid})`;
  const row = { jti: refresh.jti, familyId: sid, accountId: account.id, issuedAt: now, expiresAt: refresh.exp * 1000 };
  tokens.refreshToken = refresh.token;
  if (replaces === undefined) return { tokens, insert: deps.db.insert(refreshTokens).values({ ...row, revokedAt: familyRevokedAt }) };
  // A rotation: written only while `replaces` can still be claimed (the claim follows in the same batch).
  const insert = deps.db.insert(refreshTokens).select(
    sql`select ${row.jti}, ${row.familyId}, ${row.accountId}, ${row.issuedAt}, ${row.expiresAt}, null, ${familyRevokedAt}
      where exists (select 1 from ${refreshTokens} where ${claimable(replaces, now)})`,
  );
  return { tokens, insert };
}

async function issueTokens(deps: Deps, account: Account, sid: string, policy: TokenPolicy): Promise<IssuedTokens> {
  const { tokens, insert } = await signTokens(deps, account, sid, policy, deps.clock.now());
  if (insert) await insert.run();
  return tokens;
}

/** Starts a sign-in session: one refresh-token family, identified by `sid` in every token it yields. */
export function startSession(deps: Deps, account: Account, policy: TokenPolicy): Promise<IssuedTokens> {
  return issueTokens(deps, account, crypto.randomUUID(), policy);
}

const tokenRevoked = () => new AppError('token_invalid', 'TOKEN_REVOKED', 'Token has been revoked', { params: { reason: 'cut_off' } });

function assertAfterCutOff(claims: TokenClaims, cut: CutOff | null): void {
  if (cut !== null && claims.iat_ms < cut.at && claims.sid !== cut.spareSid) throw tokenRevoked();
}

async function assertNotRevokedForAccount(deps: Deps, claims: TokenClaims): Promise<void> {
  assertAfterCutOff(claims, await deps.tokens.notBefore(Number(claims.sub)));
}

/**
 * Exchanges a refresh token for a new pair. The conditional update lets exactly one of two parallel
 * calls with the same token win; a token that was already used revokes its whole family, because
 * either the client or a thief holds a copy. Every check comes first and the claim and the new token
 * are one batch: a KV or D1 failure must not spend the token, or the client's retry would look like
 * reuse and sign it out.
 */
export async function rotateRefreshToken(
  deps: Deps,
  token: string,
  policy: TokenPolicy,
): Promise<{ account: Account; tokens: IssuedTokens }> {
  const now = deps.clock.now();
  const claims = await verifyToken(deps.config, token, 'refresh', now);
  await assertNotRevokedForAccount(deps, claims);
  const account = await findAccountById(deps, Number(claims.sub));
  if (!account) throw new AppError('unauthenticated', 'USER_NOT_FOUND', 'User not found');
  if (!account.isActive) throw inactive();
  const { tokens, insert } = await signTokens(deps, account, claims.sid, policy, now, claims.jti);
  const claim = deps.db.update(refreshTokens).set({ usedAt: now }).where(claimable(claims.jti, now)).returning();
  const [claimed] = insert ? (await deps.db.batch([insert, claim]))[1] : await claim;
  if (!claimed) {
    const row = await deps.db.select().from(refreshTokens).where(eq(refreshTokens.jti, claims.jti)).get();
    if (row?.usedAt != null) {
      await revokeFamily(deps, row.familyId);
      deps.log.warn('refresh token reused; session revoked', { account_id: row.accountId });
    }
    throw new AppError('token_invalid', 'TOKEN_REVOKED', 'Refresh token is no longer valid', { params: { reason: 'reused' } });
  }
  return { account, tokens };
}

async function revokeFamily(deps: Deps, familyId: string): Promise<void> {
  await deps.db
    .update(refreshTokens)
    .set({ revokedAt: deps.clock.now() })
    .where(and(eq(refreshTokens.familyId, familyId), isNull(refreshTokens.revokedAt)))
    .run();
}

/** Verifies an access token and that neither it nor its account's earlier tokens were revoked. */
export async function authenticate(deps: Deps, token: string): Promise<Principal> {
  const claims = await verifyToken(deps.config, token, 'access', deps.clock.now());
  const { revoked, notBefore } = await deps.tokens.revocationState(claims.jti, Number(claims.sub));
  if (revoked) throw tokenRevoked();
  assertAfterCutOff(claims, notBefore);
  return { accountId: Number(claims.sub), role: claims.role, jti: claims.jti, exp: claims.exp, sid: claims.sid };
}

/** Signs out: the access token stops working at once and the session's refresh tokens with it. */
export async function endSession(deps: Deps, principal: Principal): Promise<void> {
  // D1 before KV, not in parallel: once the access token is revoked the client cannot call logout
  // again, so a failure must leave that token working (503, retry) rather than strand live refresh tokens.
  await revokeFamily(deps, principal.sid);
  await deps.tokens.revokeToken(principal.jti, principal.exp, deps.clock.now());
}

/**
 * For disable and password change: every token issued to the account until now stops working, except
 * the session `spareSid` (a user changing their own password keeps the session they did it from; a
 * later cut-off without it ends that session too).
 */
export async function revokeAllSessions(deps: Deps, accountId: number, spareSid?: string): Promise<void> {
  const now = deps.clock.now();
  // KV first: the cut-off alone refuses every access and refresh token issued before it, so a KV
  // failure changes nothing and a D1 failure afterwards leaves nothing usable. Callers revoke before
  // they write (password, disable), so a 503 never leaves a change whose old tokens still work.
  await deps.tokens.setNotBefore(accountId, now, LONGEST_ACCESS_TTL_SECONDS, spareSid);
  await deps.db
    .update(refreshTokens)
    .set({ revokedAt: now })
    .where(
      and(
        eq(refreshTokens.accountId, accountId),
        isNull(refreshTokens.revokedAt),
        spareSid ? ne(refreshTokens.familyId, spareSid) : undefined,
      ),
    )
    .run();
}

/** Drops refresh-token rows nobody can use any more (expired, or revoked/used and past expiry). */
export async function purgeExpiredRefreshTokens(deps: Deps): Promise<number> {
  const now = deps.clock.now();
  const result = await deps.db.delete(refreshTokens).where(lt(refreshTokens.expiresAt, now)).run();
  return result.meta.changes ?? 0;
}
