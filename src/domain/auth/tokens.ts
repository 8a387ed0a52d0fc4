import { errors as joseErrors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import type { AppConfig } from '../../config';
import { ROLES, type Role } from '../accounts/roles';
import { AppError, type Params } from '../errors';

export type TokenType = 'access' | 'refresh';

export interface TokenClaims {
  sub: string;
  role: Role;
  jti: string;
  typ: TokenType;
  sid: string;
  iat: number;
  exp: number;
  /** Issue time in milliseconds: `iat` has whole seconds, too coarse to order a token against a revocation. */
  iat_ms: number;
}

const CLOCK_TOLERANCE_SECONDS = 30;

/** Claims an API's document shows in its tokens, for frontends that decode them (never trusted on the way in). */
export type ExtraClaims = Record<string, string | number | null>;

const hmacKeys = new WeakMap<Uint8Array, Promise<CryptoKey>>();

/**
 * The HS256 key, imported once per secret (config is parsed once per isolate): given the raw bytes,
 * jose imports a key on every call, i.e. on every signed-in request.
 */
function hmacKey(secret: Uint8Array): Promise<CryptoKey> {
  let key = hmacKeys.get(secret);
  if (!key) {
    key = crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    hmacKeys.set(secret, key);
  }
  return key;
}

export async function signToken(
  config: AppConfig,
  input: { accountId: number; role: Role; typ: TokenType; sid: string; jti?: string; extra?: ExtraClaims },
  nowMs: number,
  ttlSeconds: number,
): Promise<{ token: string; jti: string; exp: number }> {
  const jti = input.jti ?? crypto.randomUUID();
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + ttlSeconds;
  // Extra claims first: they can never replace the ones this service relies on (sub, iss, jti, iat, exp are set below).
  const token = await new SignJWT({ ...input.extra, role: input.role, typ: input.typ, sid: input.sid, iat_ms: nowMs })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(String(input.accountId))
    .setIssuer(config.issuer)
    .setJti(jti)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(await hmacKey(config.jwtSecret));
  return { token, jti, exp };
}

/** `reason`: invalid (signature, issuer, claims) or wrong_type (with the `expected` type). */
function invalid(message: string, params: Params = { reason: 'invalid' }): AppError {
  return new AppError('token_invalid', 'TOKEN_INVALID', message, { params });
}

/**
 * Verifies signature (HS256 only: without the pin jose accepts any HMAC algorithm), issuer, expiry
 * and the claims this service relies on, then that the token is of the expected type, so an access
 * token never passes as a refresh token or the reverse.
 */
export async function verifyToken(config: AppConfig, token: string, expected: TokenType, nowMs: number): Promise<TokenClaims> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, await hmacKey(config.jwtSecret), {
      algorithms: ['HS256'],
      issuer: config.issuer,
      requiredClaims: ['exp', 'iat', 'sub', 'jti', 'typ'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      currentDate: new Date(nowMs),
    }));
  } catch (e) {
    if (e instanceof joseErrors.JWTExpired) throw new AppError('token_expired', 'TOKEN_EXPIRED', 'Token has expired');
    throw invalid('Token is invalid');
  }
  const { sub, role, jti, typ, sid, iat, exp, iat_ms } = payload as Partial<TokenClaims> & JWTPayload;
  if (typ !== expected)
    throw invalid(`Expected ${expected === 'access' ? 'an access' : 'a refresh'} token`, { reason: 'wrong_type', expected });
  if (!sub || !/^[1-9]\d*$/.test(sub) || typeof role !== 'string' || !ROLES.includes(role as Role)) throw invalid('Token is invalid');
  if (typeof sid !== 'string' || typeof iat_ms !== 'number' || typeof jti !== 'string') throw invalid('Token is invalid');
  return { sub, role: role as Role, jti, typ, sid, iat: iat!, exp: exp!, iat_ms };
}
