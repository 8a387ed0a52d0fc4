// Accounts and tokens for every caller kind of the matrix: fresh sessions per request, because allowed
// calls sign out, change passwords and disable accounts.
import { env } from 'cloudflare:workers';
import { createAccount, type Account } from '../../src/domain/accounts/accounts';
import type { Role } from '../../src/domain/accounts/roles';
import { authenticate, endSession, startSession } from '../../src/domain/auth/sessions';
import { SignJWT } from 'jose';
import { signToken } from '../../src/domain/auth/tokens';
import type { Bindings } from '../../src/env';
import { send } from '../fuzz/send';
import { testDeps } from '../helpers/deps';
import type { CallResult } from '../helpers/http';
import { PASSWORD, unique } from './plausible';

/**
 * Rate limits answer 429 to a suite that signs in hundreds of times from one address; they are not authorization.
 * A fixed SMS code (honoured with the log provider outside production) lets the excourse sign-up succeed.
 */
export const SMS_CODE = '246810';
const ENV = { ...(env as Bindings), RATE_LIMITS: 'off', SMS_TEST_CODE: SMS_CODE } as Bindings;

export function request(
  method: string,
  path: string,
  opts: { token?: string; json?: unknown; body?: BodyInit; authorization?: string } = {},
): Promise<CallResult> {
  const headers: Record<string, string> = {};
  if (opts.authorization) headers.Authorization = opts.authorization;
  if (opts.json !== undefined) headers['Content-Type'] = 'application/json';
  // Upload parts are checked against Content-Length, which a Request built from bytes does not get by itself.
  if (opts.body instanceof Uint8Array) headers['Content-Length'] = String(opts.body.byteLength);
  const body = opts.json !== undefined ? JSON.stringify(opts.json) : opts.body;
  return send(method, path, { token: opts.token, headers, body, env: ENV });
}

export function newAccount(role: Role, tag: string): Promise<Account> {
  const id = unique();
  return createAccount(
    testDeps(),
    {
      email: `authz.${tag}.${id}@example.test`,
      username: `authz_${tag}_${id}`,
      phone: `139${String(Date.now() + Math.floor(Math.random() * 1e6)).slice(-8)}`,
      name: `Authz ${tag}`,
      password: PASSWORD,
      role,
    },
    { selfRegistration: false },
  );
}

export async function tokenFor(account: Account): Promise<string> {
  return (await startSession(testDeps(), account, { accessTtlSeconds: 3600, refreshTtlSeconds: null })).accessToken;
}

export async function refreshTokenFor(account: Account): Promise<string> {
  return (await startSession(testDeps(), account, { accessTtlSeconds: 3600, refreshTtlSeconds: 3600 })).refreshToken!;
}

/** Signed with the real key, expired an hour ago (past the 30 s clock tolerance). */
export async function expiredToken(account: Account): Promise<string> {
  const deps = testDeps();
  const { token } = await signToken(
    deps.config,
    { accountId: account.id, role: account.role, typ: 'access', sid: crypto.randomUUID() },
    Date.now() - 2 * 3600_000,
    3600,
  );
  return token;
}

/** A session that was signed out: its access token is on the revocation list. */
export async function revokedToken(account: Account): Promise<string> {
  const deps = testDeps();
  const token = await tokenFor(account);
  await endSession(deps, await authenticate(deps, token));
  return token;
}

export const MALFORMED = 'Bearer not.a-token';

/** A well-formed sysadmin token for the account, signed with a key that is not the Worker's. */
export async function forgedToken(account: Account): Promise<string> {
  const deps = testDeps();
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: 'sysadmin', typ: 'access', sid: crypto.randomUUID(), iat_ms: Date.now() })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(account.id))
    .setIssuer(deps.config.issuer)
    .setJti(crypto.randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + 3600)
    .sign(new TextEncoder().encode('not-the-worker-secret-0123456789abcdef'));
}
