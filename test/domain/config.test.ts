import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { loadConfig, Misconfigured, productionProblems } from '../../src/config';
import type { Bindings } from '../../src/env';
import { PBKDF2_DEFAULT_ITERATIONS, PBKDF2_MIN_CONFIGURED_ITERATIONS } from '../../src/platform/passwords';
import { PRODUCTION } from '../helpers/production';
import { AppError } from '../../src/domain/errors';

describe('configuration', () => {
  it('uses the test secrets, not a developer’s .dev.vars', () => {
    expect(env.ADMIN_EMAIL).toBe('root@example.test');
  });

  it('refuses a JWT_SECRET shorter than 32 bytes', () => {
    for (const secret of [undefined, '', 'x'.repeat(31)]) {
      expect(() => loadConfig({ JWT_SECRET: secret })).toThrow(AppError);
    }
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(32) }).jwtSecret.byteLength).toBe(32);
  });

  it('defaults the time zone to Asia/Shanghai and rejects unknown zones', () => {
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(32) }).timezone).toBe('Asia/Shanghai');
    expect(() => loadConfig({ JWT_SECRET: 'x'.repeat(32), APP_TIMEZONE: 'Mars/Olympus' })).toThrow(/APP_TIMEZONE/);
  });

  it('needs both ADMIN_EMAIL and ADMIN_PASSWORD to bootstrap an admin', () => {
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(32), ADMIN_EMAIL: 'a@b.c' }).admin).toBeNull();
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(32), ADMIN_EMAIL: ' a@b.c ', ADMIN_PASSWORD: 'p' }).admin).toEqual({
      email: 'a@b.c',
      password: 'p',
    });
  });
});

describe('ACCESS_TOKEN_EXPIRE_MINUTES', () => {
  it('defaults to 30 and accepts whole minutes up to a day', () => {
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(32) }).learningAccessTokenMinutes).toBe(30);
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(32), ACCESS_TOKEN_EXPIRE_MINUTES: '15' }).learningAccessTokenMinutes).toBe(15);
    for (const bad of ['0', '-5', '1.5', 'abc', '1441']) {
      expect(() => loadConfig({ JWT_SECRET: 'x'.repeat(32), ACCESS_TOKEN_EXPIRE_MINUTES: bad })).toThrow(/ACCESS_TOKEN_EXPIRE_MINUTES/);
    }
  });
});

describe('PASSWORD_HASH_ITERATIONS', () => {
  const base = { JWT_SECRET: 'x'.repeat(32) };
  it('defaults to 100,000, the Workers maximum, and is 1,000 in this test run (vitest.config.ts)', () => {
    expect(loadConfig(base).passwordHashIterations).toBe(PBKDF2_DEFAULT_ITERATIONS);
    expect(PBKDF2_DEFAULT_ITERATIONS).toBe(100_000);
    expect(env.PASSWORD_HASH_ITERATIONS).toBe(String(PBKDF2_MIN_CONFIGURED_ITERATIONS));
  });

  it('outside production accepts whole numbers from 1,000 to 100,000 and never less', () => {
    expect(PBKDF2_MIN_CONFIGURED_ITERATIONS).toBe(1_000);
    for (const n of [1_000, 50_000, 100_000])
      expect(loadConfig({ ...base, PASSWORD_HASH_ITERATIONS: String(n) }).passwordHashIterations).toBe(n);
    for (const environment of [undefined, 'development', 'staging']) {
      for (const bad of ['999', '1', '0', '-1000', '1000.5', 'abc', '100001']) {
        expect(() => loadConfig({ ...base, ENVIRONMENT: environment, PASSWORD_HASH_ITERATIONS: bad }), `${environment} ${bad}`).toThrow(
          /PASSWORD_HASH_ITERATIONS must be a whole number from 1000 to 100000/,
        );
      }
    }
  });

  it('production accepts only 100,000 (or the default): anything lower is a problem that refuses to serve', () => {
    const production = { ...(env as Bindings), ...PRODUCTION };
    expect(productionProblems(production)).toEqual([]);
    expect(productionProblems({ ...production, PASSWORD_HASH_ITERATIONS: undefined })).toEqual([]);
    expect(loadConfig(production).passwordHashIterations).toBe(100_000);
    for (const bad of ['1000', '99999', '50000', 'abc']) {
      expect(productionProblems({ ...production, PASSWORD_HASH_ITERATIONS: bad })).toEqual([
        `PASSWORD_HASH_ITERATIONS is "${bad}": production hashes passwords at 100000 PBKDF2 iterations (a lower count is for the test suite)`,
      ]);
      expect(() => loadConfig({ ...production, PASSWORD_HASH_ITERATIONS: bad })).toThrow(Misconfigured);
    }
  });
});
