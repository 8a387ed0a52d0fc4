import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config';
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
    expect(loadConfig({ JWT_SECRET: 'x'.repeat(32), ADMIN_EMAIL: ' a@b.c ', ADMIN_PASSWORD: 'p' }).admin).toEqual({ email: 'a@b.c', password: 'p' });
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
