/**
 * The throttle configuration: wrangler.toml and src/platform/rate-limit.ts agree, RATE_LIMITS is read
 * as documented, client addresses and sign-in identifiers are keyed one way.
 */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import wranglerToml from '../../wrangler.toml?raw';
import { identifierKey } from '../../src/domain/auth/login-throttle';
import { clientIp, ipv6Prefix64, limit, rateLimitsOn, THROTTLES, UNKNOWN_CLIENT } from '../../src/platform/rate-limit';

interface TomlLimiter {
  name: string;
  namespaceId: string;
  limit: number;
  period: number;
}

/** The [[ratelimits]] blocks of wrangler.toml (a small reader: the file writes them one way). */
function tomlLimiters(): TomlLimiter[] {
  return wranglerToml
    .split(/^\[\[ratelimits\]\]\s*$/m)
    .slice(1)
    .map((block) => {
      const body = block.split(/^\[/m)[0]!;
      const name = /^name\s*=\s*"([^"]+)"/m.exec(body)?.[1];
      const namespaceId = /^namespace_id\s*=\s*"([^"]+)"/m.exec(body)?.[1];
      const simple = /^simple\s*=\s*\{\s*limit\s*=\s*(\d+)\s*,\s*period\s*=\s*(\d+)\s*\}/m.exec(body);
      if (!name || !namespaceId || !simple) throw new Error(`unreadable [[ratelimits]] block:\n${block}`);
      return { name, namespaceId, limit: Number(simple[1]), period: Number(simple[2]) };
    });
}

describe('wrangler.toml and THROTTLES', () => {
  it('declare the same bindings with the same numbers; namespace ids are unique integers; periods are 10 or 60', () => {
    const declared = tomlLimiters();
    const byName = new Map(declared.map((l) => [l.name, l]));
    expect(byName.size).toBe(declared.length);
    for (const [name, t] of Object.entries(THROTTLES)) {
      expect(byName.get(t.binding), `${name}: ${t.binding} in wrangler.toml`).toMatchObject({ limit: t.limit, period: t.period });
    }
    expect([...byName.keys()].sort()).toEqual([...new Set(Object.values(THROTTLES).map((t) => t.binding))].sort());
    for (const l of declared) {
      expect(l.namespaceId, l.name).toMatch(/^[1-9]\d*$/);
      expect([10, 60], l.name).toContain(l.period);
      expect(l.limit, l.name).toBeGreaterThan(0);
    }
    expect(new Set(declared.map((l) => l.namespaceId)).size).toBe(declared.length);
  });

  it('sets RATE_LIMITS = "on" under [vars], and the test project turns it off (vitest.config.ts)', () => {
    expect(wranglerToml).toMatch(/^RATE_LIMITS\s*=\s*"on"\s*$/m);
    expect(env.RATE_LIMITS).toBe('off');
    for (const t of Object.values(THROTTLES)) expect(env[t.binding], t.binding).toBeDefined();
  });

  it('a per-address limit is looser than the per-identifier one (many users may share one address)', () => {
    expect(THROTTLES.signInIp.limit).toBeGreaterThan(THROTTLES.signInIdentifier.limit);
  });
});

describe('RATE_LIMITS', () => {
  it('"off" in any case and spacing turns the throttles off; anything else, or nothing, leaves them on', () => {
    for (const v of ['off', 'OFF', ' Off ']) expect(rateLimitsOn({ RATE_LIMITS: v }), v).toBe(false);
    for (const v of [undefined, '', 'on', 'false', '0', 'no']) expect(rateLimitsOn({ RATE_LIMITS: v }), String(v)).toBe(true);
  });
});

describe('limit()', () => {
  const binding = (success: boolean) => {
    const keys: string[] = [];
    return { keys, limiter: { limit: async ({ key }: { key: string }) => (keys.push(key), { success }) } satisfies RateLimit };
  };

  it('asks the binding with a key naming the throttle, and throws rate_limited with Retry-After = the period when refused', async () => {
    const ok = binding(true);
    await limit({ UPLOAD_RATE_LIMITER: ok.limiter }, 'upload', { key: '42' });
    expect(ok.keys).toEqual(['upload:42']);
    const refused = binding(false);
    await expect(limit({ UPLOAD_RATE_LIMITER: refused.limiter }, 'upload', { key: '42' })).rejects.toMatchObject({
      kind: 'rate_limited',
      code: 'RATE_LIMITED',
      details: { retryAfterSeconds: THROTTLES.upload.period },
    });
  });

  it('a binding that fails lets the request through (the lockout still holds)', async () => {
    const broken = { limit: async () => Promise.reject(new Error('binding down')) } satisfies RateLimit;
    await limit({ SIGN_IN_ID_RATE_LIMITER: broken }, 'signInIdentifier', { key: 'email:a@b.cn' });
  });

  it('with RATE_LIMITS=off the binding is not even asked; without a binding nothing is refused', async () => {
    const refused = binding(false);
    await limit({ RATE_LIMITS: 'off', IMPORT_RATE_LIMITER: refused.limiter }, 'import', { key: '1' });
    expect(refused.keys).toEqual([]);
    await limit({}, 'import', { key: '1' });
  });
});

describe('client addresses', () => {
  const ip = (value?: string) => clientIp(new Headers(value === undefined ? {} : { 'CF-Connecting-IP': value }));

  it('IPv4 as given; no header or a nonsense one: one shared key', () => {
    expect(ip('203.0.113.7')).toBe('203.0.113.7');
    expect(ip(' 203.0.113.7 ')).toBe('203.0.113.7');
    expect(ip()).toBe(UNKNOWN_CLIENT);
    expect(ip('')).toBe(UNKNOWN_CLIENT);
    expect(ip('x'.repeat(65))).toBe(UNKNOWN_CLIENT);
  });

  it('IPv6 per /64, in any spelling; IPv4-mapped IPv6 as the IPv4 address', () => {
    expect(ip('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(ip('2001:0DB8:0001:0002:ffff::1')).toBe('2001:db8:1:2::/64');
    expect(ip('2001:db8:1:2::')).toBe('2001:db8:1:2::/64');
    expect(ip('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(ip('::1')).toBe('0:0:0:0::/64');
    expect(ip('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(ipv6Prefix64('1:2:3:4:5:6:7:8:9')).toBeNull();
    expect(ipv6Prefix64('1::2::3')).toBeNull();
    expect(ipv6Prefix64('12345::1')).toBeNull();
  });
});

describe('sign-in identifiers', () => {
  it('e-mails and usernames trimmed and lower-cased (a username with @ keyed as that e-mail); phones as digits', () => {
    expect(identifierKey({ email: '  Someone@Example.COM ' })).toBe('email:someone@example.com');
    expect(identifierKey({ username: 'Teacher_01' })).toBe('username:teacher_01');
    expect(identifierKey({ username: 'someone@example.com' })).toBe(identifierKey({ email: 'SOMEONE@example.com' }));
    expect(identifierKey({ phone: '138 0013 8000' })).toBe('phone:13800138000');
  });
});
