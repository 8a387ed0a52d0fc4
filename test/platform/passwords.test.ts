import { afterEach, describe, expect, it, vi } from 'vitest';
import { findAccount } from '../../src/domain/accounts/accounts';
import { hashPassword, PBKDF2_MAX_ITERATIONS, PBKDF2_MIN_CONFIGURED_ITERATIONS, verifyPassword } from '../../src/platform/passwords';
import { testDeps } from '../helpers/deps';
import { call, uniqueEmail } from '../helpers/http';

describe('password hashing', () => {
  afterEach(() => vi.restoreAllMocks());

  it('stores pbkdf2_sha256$100000$<16-byte salt>$<32-byte hash>', async () => {
    const stored = await hashPassword('correct horse');
    const [prefix, iterations, salt, hash] = stored.split('$');
    expect(prefix).toBe('pbkdf2_sha256');
    expect(Number(iterations)).toBe(100_000);
    expect(atob(salt!).length).toBe(16);
    expect(atob(hash!).length).toBe(32);
  });

  it('verifies the right password and rejects a wrong one', async () => {
    const stored = await hashPassword('correct horse');
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct horsE', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts every hash differently', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('reads the iteration count from the stored value', async () => {
    const cheap = await hashPassword('pw', 1_000);
    expect(cheap.split('$')[1]).toBe('1000');
    expect(await verifyPassword('pw', cheap)).toBe(true);
  });

  it('refuses to hash or verify above the Workers limit of 100,000 iterations', async () => {
    await expect(hashPassword('pw', PBKDF2_MAX_ITERATIONS + 1)).rejects.toThrow(RangeError);
    const stored = await hashPassword('pw');
    const inflated = stored.replace('$100000$', '$150000$');
    expect(await verifyPassword('pw', inflated)).toBe(false);
  });

  it('treats unreadable stored values as a mismatch instead of throwing', async () => {
    for (const bad of ['', 'plain', 'pbkdf2_sha256$x$y$z', 'pbkdf2_sha256$1000$!!!$???', 'bcrypt$10$a$b']) {
      expect(await verifyPassword('pw', bad)).toBe(false);
    }
  });

  it('a sign-up hashes at PASSWORD_HASH_ITERATIONS: 100,000 as deployed (the real cost), 1,000 in this test run', async () => {
    const stored = async (email: string) => (await findAccount(testDeps(), { email }))!.passwordHash.split('$')[1];
    const deployed = uniqueEmail();
    const register = (email: string, env?: { PASSWORD_HASH_ITERATIONS: string }) =>
      call('POST', '/api/v1/auth/register', { json: { email, name: 'P', password: 'password-1' }, env });
    expect((await register(deployed, { PASSWORD_HASH_ITERATIONS: '100000' })).status).toBe(201);
    expect(await stored(deployed)).toBe('100000');
    // Verification reads the count from the stored hash, whatever the current setting.
    expect((await call('POST', '/api/v1/auth/login', { json: { email: deployed, password: 'password-1' } })).status).toBe(200);
    const cheap = uniqueEmail();
    expect((await register(cheap)).status).toBe(201);
    expect(await stored(cheap)).toBe(String(PBKDF2_MIN_CONFIGURED_ITERATIONS));
  });

  it('never derives with more than 100,000 iterations on register and login', async () => {
    const seen: number[] = [];
    const original = crypto.subtle.deriveBits.bind(crypto.subtle);
    vi.spyOn(crypto.subtle, 'deriveBits').mockImplementation((algorithm, key, length) => {
      seen.push((algorithm as { iterations: number }).iterations);
      return original(algorithm, key, length);
    });
    const email = uniqueEmail();
    expect((await call('POST', '/api/v1/auth/register', { json: { email, name: 'P', password: 'password-1' } })).status).toBe(201);
    expect((await call('POST', '/api/v1/auth/login', { json: { email, password: 'password-1' } })).status).toBe(200);
    expect((await call('POST', '/api/v1/auth/login', { json: { email: uniqueEmail(), password: 'password-1' } })).status).toBe(401);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(Math.max(...seen)).toBeLessThanOrEqual(PBKDF2_MAX_ITERATIONS);
  });
});
