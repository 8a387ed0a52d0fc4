/**
 * Production refuses to serve without what it needs (issue 16): with ENVIRONMENT = "production" every
 * request answers 503 in its API's envelope, and the log names what is missing, when a binding (D1, R2,
 * KV, any of the seven rate limiters) or a secret is missing, the SMS provider is not the webhook, CORS
 * names localhost, or the throttles are off. Outside production nothing changes: a missing limiter
 * means no throttle.
 */
import { env } from 'cloudflare:workers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRODUCTION_BINDINGS, PRODUCTION_REFUSAL, PRODUCTION_SECRETS, productionProblems } from '../../src/config';
import type { Bindings } from '../../src/env';
import { THROTTLES } from '../../src/platform/rate-limit';
import { call, type CallResult } from '../helpers/http';
import { PRODUCTION } from '../helpers/production';
import { expect429, freshWindow, signIn, uniqueIp, nobody } from './support';

/** freshWindow() may wait up to 20 s for a fresh rate limiting window: more than the default 5 s timeout. */
const WAITS_FOR_A_WINDOW = { timeout: 60_000 };

const lines: string[] = [];
beforeEach(() => {
  lines.length = 0;
  for (const m of ['log', 'info', 'warn', 'error'] as const) {
    vi.spyOn(console, m).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
  }
});
afterEach(() => vi.restoreAllMocks());

/** The structured log lines saying the configuration was refused. */
const refusals = () =>
  lines
    .map((l) => {
      try {
        return JSON.parse(l) as Record<string, string>;
      } catch {
        return null;
      }
    })
    .filter((l) => l?.msg?.startsWith('configuration refused'));

/** One request per API: each answers 503 in its own envelope. */
const PER_API: [string, string, (res: CallResult) => void][] = [
  [
    'learning',
    '/health',
    (res) => expect(res.body).toEqual({ error: { code: 'INTERNAL_ERROR', message: PRODUCTION_REFUSAL, details: {} } }),
  ],
  ['learning', '/api/v1/health/db', (res) => expect(res.body.error.code).toBe('INTERNAL_ERROR')],
  ['personal-center', '/api/health', (res) => expect(res.body).toEqual({ status: 'error', message: '服务暂不可用' })],
  ['progress', '/api/departments', (res) => expect(res.body).toEqual({ code: 10009, message: '系统错误', data: null })],
  ['excourse', '/vertifications/', (res) => expect(res.body).toEqual({ detail: '服务暂不可用。' })],
  ['campus', '/v1/login', (res) => expect(res.body).toEqual({ code: 503, msg: '服务暂不可用', message: '服务暂不可用', data: {} })],
];

function expectRefused(res: CallResult, what: string) {
  expect(res.status, `${what}: ${res.text}`).toBe(503);
  expect(res.text).not.toMatch(/JWT_SECRET|SMS_WEBHOOK|binding|secret/i); // what is missing goes to the log, not to clients
}

describe('production with everything it needs', () => {
  it('serves every API, reports environment "production", and no refusal is logged', async () => {
    const health = await call('GET', '/health', { env: PRODUCTION });
    expect(health.status, health.text).toBe(200);
    expect(health.body.environment).toBe('production');
    expect((await call('GET', '/api/v1/health/db', { env: PRODUCTION })).status).toBe(200);
    expect((await call('GET', '/api/departments', { env: PRODUCTION })).status).toBe(200);
    expect(refusals()).toEqual([]);
    expect(productionProblems({ ...(env as Bindings), ...PRODUCTION })).toEqual([]);
  });

  it('throttles through the rate limiting bindings (RATE_LIMITS on)', WAITS_FOR_A_WINDOW, async () => {
    await freshWindow();
    const ip = uniqueIp();
    const who = nobody();
    let last: CallResult | undefined;
    for (let i = 0; i <= THROTTLES.signInIdentifier.limit; i++) last = await signIn('learning', who, 'wrong-password-1', ip, PRODUCTION);
    expect429('learning', last!);
  });

  it('answers CORS preflights for the configured origin only', async () => {
    const pre = (origin: string) =>
      call('OPTIONS', '/api/v1/auth/login', { env: PRODUCTION, headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } });
    expect((await pre('https://app.example.com')).headers.get('Access-Control-Allow-Origin')).toBe('https://app.example.com');
    expect((await pre('http://localhost:5173')).headers.get('Access-Control-Allow-Origin')).toBeNull();
  });
});

describe('production refuses to serve without a required item', () => {
  const missing: [string, Partial<Bindings>, RegExp][] = [
    ...PRODUCTION_BINDINGS.map((b): [string, Partial<Bindings>, RegExp] => [
      `binding ${b}`,
      { [b]: undefined },
      new RegExp(`binding ${b} is missing`),
    ]),
    ...PRODUCTION_SECRETS.map((s): [string, Partial<Bindings>, RegExp] => [
      `secret ${s}`,
      { [s]: undefined },
      new RegExp(`secret ${s} is not set`),
    ]),
    ['an empty secret', { ADMIN_PASSWORD: '   ' }, /secret ADMIN_PASSWORD is not set/],
    ['a short JWT_SECRET', { JWT_SECRET: 'short-secret' }, /JWT_SECRET is shorter than 32 bytes/],
    ['a short ADMIN_PASSWORD', { ADMIN_PASSWORD: 'seven77' }, /ADMIN_PASSWORD is shorter than 8 characters/],
    ['SMS_PROVIDER log', { SMS_PROVIDER: 'log' }, /SMS_PROVIDER is "log"/],
    ['SMS_PROVIDER unset', { SMS_PROVIDER: undefined }, /SMS_PROVIDER is "log"/],
    ['a plain-http SMS webhook', { SMS_WEBHOOK_URL: 'http://sms.example.test/send' }, /SMS_WEBHOOK_URL must use https/],
    ['a short SMS webhook secret', { SMS_WEBHOOK_SECRET: 'short' }, /SMS_WEBHOOK_SECRET must be at least 16 characters/],
    [
      'ALLOWED_ORIGINS with localhost',
      { ALLOWED_ORIGINS: 'https://app.example.com,http://localhost:5173' },
      /ALLOWED_ORIGINS names local or malformed origins \(http:\/\/localhost:5173\)/,
    ],
    ['ALLOWED_ORIGINS with 127.0.0.1', { ALLOWED_ORIGINS: 'http://127.0.0.1:8080' }, /ALLOWED_ORIGINS names local/],
    ['ALLOWED_ORIGINS empty', { ALLOWED_ORIGINS: '' }, /ALLOWED_ORIGINS is empty/],
    ['RATE_LIMITS off', { RATE_LIMITS: 'off' }, /RATE_LIMITS is "off"/],
    ['RATE_LIMITS OFF', { RATE_LIMITS: ' OFF ' }, /RATE_LIMITS is "off"/],
    // The test suite's cheap password hashing (vitest.config.ts) is refused; so is any count but 100,000.
    [
      'PASSWORD_HASH_ITERATIONS at the test setting',
      { PASSWORD_HASH_ITERATIONS: env.PASSWORD_HASH_ITERATIONS },
      /PASSWORD_HASH_ITERATIONS is "1000": production hashes passwords at 100000/,
    ],
    ['PASSWORD_HASH_ITERATIONS 99999', { PASSWORD_HASH_ITERATIONS: '99999' }, /PASSWORD_HASH_ITERATIONS is "99999"/],
  ];

  it.each(missing)('%s: 503 on /health and a log line naming it', async (what, override, logged) => {
    const res = await call('GET', '/health', { env: { ...PRODUCTION, ...override } });
    expectRefused(res, what);
    expect(res.body).toEqual({ error: { code: 'INTERNAL_ERROR', message: PRODUCTION_REFUSAL, details: {} } });
    expect(res.headers.get('X-Request-Id')).toBeTruthy();
    const log = refusals();
    expect(log, lines.join('\n')).toHaveLength(1);
    expect(log[0]).toMatchObject({ level: 'error', environment: 'production', request_id: res.headers.get('X-Request-Id') });
    expect(log[0]!.problems).toMatch(logged);
  });

  it('in every API, each in its own envelope, and for every request (nothing cached)', async () => {
    for (const [api, path, body] of PER_API) {
      const res = await call('GET', path, { env: { ...PRODUCTION, UPLOAD_RATE_LIMITER: undefined } });
      expectRefused(res, api);
      body(res);
    }
    expect(refusals()).toHaveLength(PER_API.length);
  });

  it('lists every problem at once, so one deploy fixes them all', async () => {
    const res = await call('GET', '/health', {
      env: { ...PRODUCTION, DB: undefined, SIGN_IN_IP_RATE_LIMITER: undefined, JWT_SECRET: undefined, SMS_PROVIDER: 'log' },
    });
    expectRefused(res, 'several');
    const problems = refusals()[0]!.problems!;
    for (const p of [/binding DB/, /binding SIGN_IN_IP_RATE_LIMITER/, /secret JWT_SECRET/, /SMS_PROVIDER/]) expect(problems).toMatch(p);
  });

  it('never logs a secret value', async () => {
    await call('GET', '/health', { env: { ...PRODUCTION, SMS_WEBHOOK_SECRET: 'short', JWT_SECRET: 'tiny-jwt-secret' } });
    const all = lines.join('\n');
    expect(all).not.toContain('tiny-jwt-secret');
    expect(all).not.toContain(env.ADMIN_PASSWORD);
  });
});

describe('outside production nothing changes', () => {
  const DEVELOPMENT: Partial<Bindings> = {
    ENVIRONMENT: 'development',
    SMS_PROVIDER: 'log',
    ALLOWED_ORIGINS: 'http://localhost:5173',
    RATE_LIMITS: 'on',
  };

  it('serves without rate limiting bindings, SMS webhook, admin secrets, with localhost origins or throttles off', async () => {
    const limiters = Object.fromEntries(Object.values(THROTTLES).map((t) => [t.binding, undefined]));
    for (const override of [
      limiters,
      { ADMIN_EMAIL: undefined, ADMIN_PASSWORD: undefined, SMS_WEBHOOK_URL: undefined },
      { RATE_LIMITS: 'off' },
      { ENVIRONMENT: undefined },
      { ENVIRONMENT: 'staging' },
      { PASSWORD_HASH_ITERATIONS: '1000' },
    ]) {
      const res = await call('GET', '/health', { env: { ...DEVELOPMENT, ...override } });
      expect(res.status, `${JSON.stringify(Object.keys(override))}: ${res.text}`).toBe(200);
    }
    expect(refusals()).toEqual([]);
  });

  it('a missing limiter means no throttle', WAITS_FOR_A_WINDOW, async () => {
    await freshWindow();
    const ip = uniqueIp();
    const who = nobody();
    const noLimiter = { ...DEVELOPMENT, SIGN_IN_ID_RATE_LIMITER: undefined, SIGN_IN_IP_RATE_LIMITER: undefined };
    for (let i = 0; i <= THROTTLES.signInIdentifier.limit + 1; i++) {
      const res = await signIn('learning', who, 'wrong-password-1', ip, noLimiter);
      // Wrong passwords: 401 until the D1 lockout (10 failures), which stays on; never the throttle's 429 with Retry-After 60.
      if (res.status === 429) expect(Number(res.headers.get('Retry-After'))).toBeGreaterThan(60);
      else expect(res.status, res.text).toBe(401);
    }
  });

  it('a short JWT_SECRET is still refused everywhere, with the reason logged', async () => {
    const res = await call('GET', '/health', { env: { ...DEVELOPMENT, JWT_SECRET: 'short' } });
    expect(res.status).toBe(503);
    expect(res.body.error.message).toMatch(/JWT_SECRET must be at least 32 bytes/);
    expect(refusals()[0]).toMatchObject({
      environment: 'development',
      problems: expect.stringMatching(/JWT_SECRET must be at least 32 bytes/),
    });
  });
});
