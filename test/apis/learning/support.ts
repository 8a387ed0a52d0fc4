/**
 * Helpers shared by the learning API tests (not a test file itself).
 */
import { env } from 'cloudflare:workers';
import { eq, sql } from 'drizzle-orm';
import { SignJWT } from 'jose';
import { expect } from 'vitest';
import { TOKEN_ISSUER } from '../../../src/config';
import { accounts, refreshTokens } from '../../../src/db/schema';
import type { Bindings } from '../../../src/env';
import { testDeps } from '../../helpers/deps';
import { call, type CallOptions, type CallResult } from '../../helpers/http';

export const ISO_NAIVE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/;

/** Sends a request through a fresh app with the real bindings, some of them replaced. */
export function fetchWithEnv(overrides: Partial<Bindings>, method: string, path: string, init: CallOptions = {}): Promise<CallResult> {
  return call(method, path, { ...init, env: overrides });
}

/** A D1Database-shaped binding whose every entry point throws synchronously. */
export function throwingD1(): D1Database {
  const fail = () => {
    throw new Error('D1_ERROR: simulated outage (secret-internal-detail)');
  };
  return { prepare: fail, batch: fail, exec: fail, dump: fail, withSession: fail } as unknown as D1Database;
}

/** A D1Database-shaped binding whose statements prepare fine but whose queries reject. */
export function rejectingD1(): D1Database {
  const reject = () => Promise.reject(new Error('D1_ERROR: network connection lost (secret-internal-detail)'));
  const statement: Record<string, unknown> = {};
  Object.assign(statement, { bind: () => statement, first: reject, all: reject, run: reject, raw: reject });
  return {
    prepare: () => statement,
    batch: reject,
    exec: reject,
    dump: reject,
    withSession: () => {
      throw new Error('no sessions');
    },
  } as unknown as D1Database;
}

export function decodePart(part: string): Record<string, unknown> {
  const b64 = part.replace(/-/g, '+').replace(/_/g, '/');
  const padded = b64 + '='.repeat((4 - (b64.length % 4)) % 4);
  const bin = atob(padded);
  const bytes = Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
}

/** Header and payload of a compact JWS, without verifying it. */
export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, unknown> } {
  const parts = token.split('.');
  expect(parts).toHaveLength(3);
  return { header: decodePart(parts[0]!), payload: decodePart(parts[1]!) };
}

export function b64url(value: unknown): string {
  const bytes = new TextEncoder().encode(JSON.stringify(value));
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export const secretBytes = () => new TextEncoder().encode(env.JWT_SECRET ?? '');

export interface ForgeOptions {
  secret?: Uint8Array;
  alg?: 'HS256' | 'HS384' | 'HS512';
  /** Seconds since the epoch. */
  iat?: number;
  exp?: number;
  typ?: string;
  role?: string;
  iss?: string;
  sid?: string;
  jti?: string;
}

/** Signs a token with the same claims the service issues; by default one the service accepts. */
export async function forgeToken(accountId: number, o: ForgeOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const iat = o.iat ?? now;
  return new SignJWT({ role: o.role ?? 'student', typ: o.typ ?? 'access', sid: o.sid ?? crypto.randomUUID(), iat_ms: iat * 1000 })
    .setProtectedHeader({ alg: o.alg ?? 'HS256', typ: 'JWT' })
    .setSubject(String(accountId))
    .setIssuer(o.iss ?? TOKEN_ISSUER)
    .setJti(o.jti ?? crypto.randomUUID())
    .setIssuedAt(iat)
    .setExpirationTime(o.exp ?? iat + 1800)
    .sign(o.secret ?? secretBytes());
}

export async function accountRowByEmail(email: string) {
  return testDeps().db.select().from(accounts).where(sql`lower(${accounts.email}) = lower(${email})`).all();
}

export async function accountRowById(id: number) {
  return testDeps().db.select().from(accounts).where(eq(accounts.id, id)).get();
}

export async function setActive(id: number, isActive: boolean) {
  await testDeps().db.update(accounts).set({ isActive }).where(eq(accounts.id, id)).run();
}

export async function deleteAccount(id: number) {
  await testDeps().db.delete(refreshTokens).where(eq(refreshTokens.accountId, id)).run();
  await testDeps().db.delete(accounts).where(eq(accounts.id, id)).run();
}

/** Asserts the learning error envelope with exactly `code`, `message` and `details`. */
export function expectError(res: CallResult, status: number, code?: string) {
  expect(res.status, res.text).toBe(status);
  expect(Object.keys(res.body)).toEqual(['error']);
  expect(Object.keys(res.body.error).sort()).toEqual(['code', 'details', 'message']);
  expect(typeof res.body.error.code).toBe('string');
  expect(typeof res.body.error.message).toBe('string');
  expect(res.body.error.message.length).toBeGreaterThan(0);
  expect(res.body.error.details).toBeTypeOf('object');
  expect(res.body.error.details).not.toBeNull();
  expect(Array.isArray(res.body.error.details)).toBe(false);
  expect(res.headers.get('Content-Type') ?? '').toMatch(/^application\/json/);
  if (code !== undefined) expect(res.body.error.code).toBe(code);
}

/** No stack frames or source paths in a response body. */
export function expectNoStackTrace(text: string) {
  expect(text).not.toMatch(/\bat\s+\S+\s+\(|\n\s+at\s/);
  expect(text).not.toMatch(/\.ts:\d+/);
  expect(text).not.toContain('.ts:');
  expect(text).not.toMatch(/\.js:\d+/);
}
