/**
 * Shared pieces of the abuse-limit tests. The workers project runs with RATE_LIMITS=off (vitest.config.ts)
 * so no other suite trips a throttle by accident; these tests turn them on per request (`limited`),
 * through the real rate limiting bindings of wrangler.toml as miniflare enforces them.
 */
import { expect } from 'vitest';
import { createAccount, type Account } from '../../src/domain/accounts/accounts';
import type { Role } from '../../src/domain/accounts/roles';
import type { Bindings } from '../../src/env';
import { forgeToken } from '../apis/learning/support';
import { testDeps } from '../helpers/deps';
import { call, type CallOptions, type CallResult } from '../helpers/http';

export const ON: Partial<Bindings> = { RATE_LIMITS: 'on' };
export const OFF: Partial<Bindings> = { RATE_LIMITS: 'off' };

/** A request from `ip` with the throttles on (or as `env` says). */
export function limited(method: string, path: string, ip: string, opts: CallOptions = {}): Promise<CallResult> {
  return call(method, path, { ...opts, env: { ...ON, ...opts.env }, headers: { ...opts.headers, 'CF-Connecting-IP': ip } });
}

/**
 * Two SMS codes for one phone from two addresses (excourse): the second is refused with the resend
 * interval's 429, whatever the throttles are set to (`env`). Returns it for the caller's own checks.
 */
export async function secondSmsCodeRefused(env: Partial<Bindings>): Promise<CallResult> {
  const phone = uniquePhone();
  const send = () => limited('POST', '/vertifications/', uniqueIp(), { json: { phone }, env });
  expect((await send()).status).toBe(200);
  const again = await send();
  expect(again.status, again.text).toBe(429);
  expect(again.body.detail).toMatch(/^请求超过了限速。验证码发送过于频繁，请稍后再试，预计 \d+ 秒后可用。$/);
  expect(Number(again.headers.get('Retry-After'))).toBeGreaterThan(0);
  return again;
}

/** A client address no other test uses (the binding's counters live as long as the test runtime). */
export const uniqueIp = () =>
  `10.${1 + Math.floor(Math.random() * 254)}.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;

let seq = 0;
const tag = () => `${Date.now().toString(36)}${++seq}${Math.random().toString(36).slice(2, 6)}`;
export const uniqueEmail = (prefix = 'lim') => `${prefix}.${tag()}@example.test`;
export const uniqueUsername = (prefix = 'lim') => `${prefix}_${tag()}`;
/** A mainland mobile number (1[3-9] + 9 digits) nobody else uses. */
export const uniquePhone = () => `1${3 + Math.floor(Math.random() * 7)}${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;

export const PASSWORD = 'limits-pass-123';

export interface TestAccount {
  account: Account;
  id: number;
  email: string;
  phone: string;
  username: string;
  password: string;
  token: string;
}

/** One account that can sign in on every API: e-mail (learning, progress, campus), phone (personal center), username (excourse). */
export async function everywhereAccount(role: Role = 'teacher'): Promise<TestAccount> {
  const email = uniqueEmail();
  const phone = uniquePhone();
  const username = uniqueUsername();
  const account = await createAccount(
    testDeps(),
    { email, phone, username, name: 'Limits', password: PASSWORD, role },
    { selfRegistration: false },
  );
  return { account, id: account.id, email, phone, username, password: PASSWORD, token: await forgeToken(account.id, { role }) };
}

/** A sign-in on each API, for one account's identifier there. */
export const SIGN_IN = {
  learning: (a: Pick<TestAccount, 'email'>, password: string) => ['/api/v1/auth/login', { email: a.email, password }] as const,
  'personal-center': (a: Pick<TestAccount, 'phone'>, password: string) => ['/api/auth/login', { phone: a.phone, password }] as const,
  progress: (a: Pick<TestAccount, 'email'>, password: string) => ['/api/users/login', { email: a.email, password }] as const,
  excourse: (a: Pick<TestAccount, 'username'>, password: string) => ['/users/login/', { username: a.username, password }] as const,
  campus: (a: Pick<TestAccount, 'email'>, password: string) => ['/v1/login', { identity: 1, username: a.email, password }] as const,
};
export type ApiName = keyof typeof SIGN_IN;
export const APIS = Object.keys(SIGN_IN) as ApiName[];

/** Who signs in: an account's identifiers, or made-up ones nobody has. */
export type Identifiers = Pick<TestAccount, 'email' | 'phone' | 'username'>;
export const nobody = (): Identifiers => ({ email: uniqueEmail(), phone: uniquePhone(), username: uniqueUsername() });

export function signIn(api: ApiName, a: Identifiers, password: string, ip: string, env: Partial<Bindings> = ON): Promise<CallResult> {
  const [path, json] = SIGN_IN[api](a, password);
  return limited('POST', path, ip, { json, env });
}

/** What a successful sign-in looks like on each API. */
export function expectSignedIn(api: ApiName, res: CallResult): void {
  expect(res.status, `${api}: ${res.text}`).toBe(200);
  if (api === 'learning') expect(res.body.access_token).toEqual(expect.any(String));
  else if (api === 'personal-center') expect(res.body.data.token).toEqual(expect.any(String));
  else if (api === 'progress') expect(res.body.data.token).toEqual(expect.any(String));
  else if (api === 'excourse') expect(res.body.token).toEqual(expect.any(String));
  else expect(res.body.data.access_token).toEqual(expect.any(String));
}

/** What each API's 429 looks like: its own envelope, and Retry-After in whole seconds. */
export function expect429(api: ApiName, res: CallResult, why: 'throttle' | 'lockout' = 'throttle'): number {
  expect(res.status, `${api}: ${res.text}`).toBe(429);
  const retry = Number(res.headers.get('Retry-After'));
  expect(Number.isInteger(retry) && retry > 0, `Retry-After: ${res.headers.get('Retry-After')}`).toBe(true);
  const locked = why === 'lockout';
  switch (api) {
    case 'learning':
      expect(res.body).toEqual({
        error: {
          code: 'RATE_LIMIT_EXCEEDED',
          message: locked ? 'Too many failed sign-ins; try again later' : 'Too many requests; try again later',
          details: {},
        },
      });
      break;
    case 'personal-center':
      expect(res.body).toEqual({ status: 'error', message: locked ? '登录失败次数过多，请稍后再试' : '请求过于频繁，请稍后再试' });
      break;
    case 'progress':
      expect(res.body).toEqual({ code: 10001, message: locked ? '登录失败次数过多，请稍后再试' : '请求过于频繁，请稍后再试', data: null });
      break;
    case 'excourse':
      expect(res.body).toEqual({ detail: `请求超过了限速。${locked ? '登录失败次数过多' : '请求过于频繁'}，预计 ${retry} 秒后可用。` });
      break;
    case 'campus': {
      const msg = locked ? '登录失败次数过多，请稍后再试' : '请求过于频繁，请稍后再试';
      expect(res.body).toEqual({ code: 429, msg, message: msg, data: {} });
      break;
    }
  }
  if (locked) expect(retry).toBeGreaterThan(60);
  else expect(retry).toBe(60);
  return retry;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The bindings count in fixed windows aligned to the clock (miniflare: floor(now / period)). A burst
 * that must land in one window starts in a fresh one when less than `needMs` of the current is left.
 */
export async function freshWindow(needMs = 20_000, periodMs = 60_000): Promise<void> {
  const left = periodMs - (Date.now() % periodMs);
  if (left < needMs) await sleep(left + 100);
}

/** Runs `n` requests one after another (the order matters for a fixed-window count). */
export async function times<T>(n: number, f: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(await f(i));
  return out;
}
