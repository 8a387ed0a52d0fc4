import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts } from '../../../src/db/schema';
import { createAccount, findAccount } from '../../../src/domain/accounts/accounts';
import { loadConfig } from '../../../src/config';
import { uniqueEmail } from '../../helpers/http';
import { testDeps } from '../../helpers/deps';

const unique = (p: string) => `${p}${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
const phone = () => `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;

describe('accounts', () => {
  it('never stores the password, only its PBKDF2 hash (at the deployed cost, 100,000 iterations)', async () => {
    const base = testDeps();
    const deps = { ...base, config: loadConfig({ ...env, PASSWORD_HASH_ITERATIONS: '100000' }) };
    const a = await createAccount(
      deps,
      { email: uniqueEmail(), name: 'N', password: 'secret-pass', role: 'student' },
      { selfRegistration: true },
    );
    expect(a.passwordHash).toMatch(/^pbkdf2_sha256\$100000\$/);
    expect(a.passwordHash).not.toContain('secret-pass');
  });

  it('keeps e-mail and username unique case-insensitively and phone unique', async () => {
    const deps = testDeps();
    const email = uniqueEmail();
    const username = unique('User');
    const p = phone();
    await createAccount(
      deps,
      { email, username, phone: p, name: 'A', password: 'password-1', role: 'teacher' },
      { selfRegistration: true },
    );
    const again = (x: Partial<Parameters<typeof createAccount>[1]>) =>
      createAccount(deps, { name: 'B', password: 'password-1', role: 'teacher', ...x }, { selfRegistration: true });
    await expect(again({ email: email.toUpperCase() })).rejects.toMatchObject({ kind: 'conflict', code: 'EMAIL_ALREADY_EXISTS' });
    await expect(again({ username: username.toLowerCase() })).rejects.toMatchObject({ code: 'USERNAME_ALREADY_EXISTS' });
    await expect(again({ phone: p })).rejects.toMatchObject({ code: 'PHONE_ALREADY_EXISTS' });
    expect((await findAccount(deps, { username: username.toUpperCase() }))?.email).toBe(email);
    expect((await findAccount(deps, { phone: p }))?.email).toBe(email);
  });

  it('allows many accounts without e-mail, phone or username', async () => {
    const deps = testDeps();
    const a = await createAccount(
      deps,
      { username: unique('u'), name: 'A', password: 'password-1', role: 'student' },
      { selfRegistration: true },
    );
    const b = await createAccount(
      deps,
      { username: unique('u'), name: 'B', password: 'password-1', role: 'student' },
      { selfRegistration: true },
    );
    expect(a.email).toBeNull();
    expect(b.id).not.toBe(a.id);
  });

  it('never lets self-registration create more than a teacher', async () => {
    const deps = testDeps();
    for (const role of ['admin', 'liaison', 'sysadmin'] as const) {
      const email = uniqueEmail();
      await expect(
        createAccount(deps, { email, name: 'X', password: 'password-1', role }, { selfRegistration: true }),
      ).rejects.toMatchObject({ kind: 'forbidden' });
      expect(await findAccount(deps, { email })).toBeUndefined();
    }
    const admin = await createAccount(
      deps,
      { email: uniqueEmail(), name: 'X', password: 'password-1', role: 'admin' },
      { selfRegistration: false },
    );
    expect(admin.role).toBe('admin');
  });

  it('creates one account when the same e-mail registers twice in parallel', async () => {
    const deps = testDeps();
    const email = uniqueEmail('race');
    const results = await Promise.allSettled(
      [1, 2, 3].map(() => createAccount(deps, { email, name: 'R', password: 'password-1', role: 'student' }, { selfRegistration: true })),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const count = await deps.db
      .select({ n: sql<number>`count(*)` })
      .from(accounts)
      .where(sql`lower(${accounts.email}) = ${email.toLowerCase()}`)
      .get();
    expect(count?.n).toBe(1);
  });
});
