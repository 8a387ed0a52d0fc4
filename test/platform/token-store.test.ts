import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { kvTokenStore } from '../../src/platform/token-store';

describe('KV token store', () => {
  const store = kvTokenStore(env.TOKENS);

  it('remembers a revoked jti until the token expires', async () => {
    const now = Date.now();
    await store.revokeToken('jti-a', Math.floor(now / 1000) + 1800, now);
    expect(await store.isRevoked('jti-a')).toBe(true);
    expect(await store.isRevoked('jti-b')).toBe(false);
    const { keys } = await env.TOKENS.list({ prefix: 'revoked:jti-a' });
    const expiration = keys[0]?.expiration ?? 0;
    expect(expiration).toBeGreaterThanOrEqual(Math.floor(now / 1000) + 1799);
    expect(expiration).toBeLessThanOrEqual(Math.floor(now / 1000) + 1802);
  });

  it('keeps an already-expired token revoked for at least KV’s minimum TTL instead of failing', async () => {
    const now = Date.now();
    await store.revokeToken('jti-old', Math.floor(now / 1000) - 10, now);
    expect(await store.isRevoked('jti-old')).toBe(true);
  });

  it('stores a per-account not-before time', async () => {
    expect(await store.notBefore(999_001)).toBeNull();
    await store.setNotBefore(999_001, 1_700_000_000_123, 3600);
    expect(await store.notBefore(999_001)).toEqual({ at: 1_700_000_000_123, spareSid: null });
    await store.setNotBefore(999_001, 1_700_000_000_124, 3600, 'session-kept');
    expect(await store.notBefore(999_001)).toEqual({ at: 1_700_000_000_124, spareSid: 'session-kept' });
  });

  it('reads both checks of an access token in one bulk get', async () => {
    const now = Date.now();
    expect(await store.revocationState('jti-c', 999_002)).toEqual({ revoked: false, notBefore: null });
    await store.revokeToken('jti-c', Math.floor(now / 1000) + 600, now);
    await store.setNotBefore(999_002, 1_700_000_000_456, 3600);
    expect(await store.revocationState('jti-c', 999_002)).toEqual({ revoked: true, notBefore: { at: 1_700_000_000_456, spareSid: null } });
    expect(await store.revocationState('jti-d', 999_002)).toEqual({ revoked: false, notBefore: { at: 1_700_000_000_456, spareSid: null } });
    await env.TOKENS.put('nbf:999003', 'not a number');
    await expect(store.revocationState('jti-d', 999_003)).rejects.toThrow(/unreadable/);
    for (const garbage of ['', ' sid', '12 sid extra', 'abc sid']) {
      await env.TOKENS.put('nbf:999003', garbage);
      await expect(store.notBefore(999_003), JSON.stringify(garbage)).rejects.toThrow(/unreadable/);
    }
  });
});
