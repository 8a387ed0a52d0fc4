import { jsonLogger } from './logger';

/**
 * Throttles on the Workers rate limiting binding (`[[ratelimits]]` in wrangler.toml; miniflare
 * enforces them in `wrangler dev` and in the tests). Each is a fixed window of `period` seconds per
 * key, counted per Cloudflare location: a throttle against floods, not an exact count. What must be
 * exact (the sign-in lockout, the SMS resend interval) is counted in D1 instead.
 *
 * `limit` and `period` here repeat wrangler.toml, which is where the binding takes them from; they are
 * used for Retry-After and docs/limits.md, and a test checks that both files agree.
 */
export const THROTTLES = {
  /** Password sign-in on every API, per normalised identifier (`email:…`, `phone:…`, `username:…`). */
  signInIdentifier: { binding: 'SIGN_IN_ID_RATE_LIMITER', limit: 20, period: 60 },
  /** Password sign-in on every API, per client address (looser: a classroom behind one school NAT signs in at once). */
  signInIp: { binding: 'SIGN_IN_IP_RATE_LIMITER', limit: 300, period: 60 },
  /** Self-registration on every API, per client address. */
  registrationIp: { binding: 'REGISTER_IP_RATE_LIMITER', limit: 60, period: 60 },
  /** Excourse SMS code requests, per client address (the per-phone throttle is SMS_RATE_LIMITER). */
  smsIp: { binding: 'SMS_IP_RATE_LIMITER', limit: 30, period: 60 },
  /** Excourse SMS code requests, per phone (D1 then enforces the 60 s resend interval exactly). */
  smsPhone: { binding: 'SMS_RATE_LIMITER', limit: 1, period: 60 },
  /** Learning uploads (direct, and starting a resumable one), avatars and course covers, per account. */
  upload: { binding: 'UPLOAD_RATE_LIMITER', limit: 30, period: 60 },
  /** Progress spreadsheet imports, per account. */
  import: { binding: 'IMPORT_RATE_LIMITER', limit: 20, period: 60 },
} as const satisfies Record<string, { binding: keyof Env; limit: number; period: 10 | 60 }>;

export type ThrottleName = keyof typeof THROTTLES;

type RateLimitEnv = Partial<Pick<Env, 'RATE_LIMITS' | (typeof THROTTLES)[ThrottleName]['binding']>>;

/**
 * `RATE_LIMITS=off` turns the throttles above off (local load tests and benchmarks sign up many
 * accounts from one address). Anything else, or nothing, leaves them on. It never turns off the
 * sign-in lockout, the SMS resend interval and daily cap (all in D1), or any size cap.
 */
export function rateLimitsOn(env: Partial<Pick<Env, 'RATE_LIMITS'>>): boolean {
  return env.RATE_LIMITS?.trim().toLowerCase() !== 'off';
}

/**
 * A throttle refused the call. Platform code knows no domain errors: src/http/errors.ts answers this in
 * every API's envelope as the AppError of the same kind and code (429 with Retry-After).
 */
export class RateLimited extends Error {
  readonly kind = 'rate_limited';
  readonly code = 'RATE_LIMITED';
  readonly details: { retryAfterSeconds: number };

  constructor(retryAfterSeconds: number) {
    super('Too many requests; try again later');
    this.name = 'RateLimited';
    this.details = { retryAfterSeconds };
  }
}

/**
 * Counts one call against a throttle and throws `rate_limited` (429 with Retry-After in every API's
 * envelope) when the key is over its limit. No binding (local development without it) or
 * `RATE_LIMITS=off`: nothing is counted and nothing refused; production never gets here without every
 * binding and with the throttles off (src/config.ts refuses to serve). A binding that fails lets the request
 * through (logged): a throttle outage must not stop sign-ins, and the D1 lockout still holds.
 */
export async function limit(env: RateLimitEnv, name: ThrottleName, { key }: { key: string }): Promise<void> {
  if (!rateLimitsOn(env)) return;
  const throttle = THROTTLES[name];
  const binding = env[throttle.binding];
  if (!binding) return;
  let success: boolean;
  try {
    ({ success } = await binding.limit({ key: `${name}:${key}` }));
  } catch (e) {
    jsonLogger().warn('rate limiter failed; request let through', {
      binding: throttle.binding,
      error: e instanceof Error ? e.message : String(e),
    });
    return;
  }
  if (!success) throw new RateLimited(throttle.period);
}

/** Key used when a request carries no client address (never in production, where Cloudflare sets one). */
export const UNKNOWN_CLIENT = 'unknown';

/**
 * The client address Cloudflare puts in `CF-Connecting-IP` (a client cannot set it in production).
 * IPv6 addresses count per /64, the block one subscriber usually holds, so rotating through the
 * addresses of one's own network does not multiply the limit.
 */
export function clientIp(headers: Headers): string {
  const raw = headers.get('CF-Connecting-IP')?.trim().toLowerCase() ?? '';
  if (!raw || raw.length > 64) return UNKNOWN_CLIENT;
  if (!raw.includes(':')) return raw;
  // An IPv4 client seen through IPv6 (::ffff:192.0.2.1) is that IPv4 address.
  const mapped = /^[0-9a-f:]*:((?:\d{1,3}\.){3}\d{1,3})$/.exec(raw);
  if (mapped) return mapped[1]!;
  return ipv6Prefix64(raw) ?? raw;
}

/** The first four hextets of an IPv6 address (`2001:db8:0:1::/64`), or null when it is not one. */
export function ipv6Prefix64(address: string): string | null {
  const bare = address.replace(/%.*$/, '');
  if (!/^[0-9a-f:]+$/.test(bare)) return null;
  const halves = bare.split('::');
  if (halves.length > 2) return null;
  const part = (s: string) => (s === '' ? [] : s.split(':'));
  const head = part(halves[0]!);
  const tail = halves.length === 2 ? part(halves[1]!) : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  const first = groups.slice(0, 4);
  if (first.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return `${first.map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}

/**
 * Password sign-in on any API: the per-address throttle, then the per-identifier one. `identifier`
 * is already normalised (see `identifierKey` in src/domain/auth/login-throttle.ts), so e-mail
 * spellings that differ in case or spaces share a count.
 */
export async function limitSignIn(env: RateLimitEnv, headers: Headers, identifier: string): Promise<void> {
  await limit(env, 'signInIp', { key: clientIp(headers) });
  await limit(env, 'signInIdentifier', { key: identifier });
}

/** Self-registration on any API: per client address. */
export function limitRegistration(env: RateLimitEnv, headers: Headers): Promise<void> {
  return limit(env, 'registrationIp', { key: clientIp(headers) });
}
