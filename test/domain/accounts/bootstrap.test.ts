import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config';
import { accounts } from '../../../src/db/schema';
import { createAccount, findAccount } from '../../../src/domain/accounts/accounts';
import { ensureSysadmin } from '../../../src/domain/accounts/bootstrap';
import { signIn } from '../../../src/domain/auth/sessions';
import { uniqueEmail } from '../../helpers/http';
import { testDeps } from '../../helpers/deps';

const withAdmin = (email: string, password = 'admin-pass-123') =>
  testDeps({ config: loadConfig({ JWT_SECRET: 'x'.repeat(40), ADMIN_EMAIL: email, ADMIN_PASSWORD: password }) });

describe('sysadmin bootstrap', () => {
  it('creates a sysadmin who can sign in, once', async () => {
    const email = uniqueEmail('admin');
    const deps = withAdmin(email);
    expect(await ensureSysadmin(deps)).toBe('created');
    expect(await ensureSysadmin(deps)).toBe('exists');
    const admin = await signIn(deps, { email }, 'admin-pass-123');
    expect(admin.role).toBe('sysadmin');
  });

  it('creates exactly one account under concurrency', async () => {
    const email = uniqueEmail('admin');
    const deps = withAdmin(email);
    await Promise.all([ensureSysadmin(deps), ensureSysadmin(deps), ensureSysadmin(deps)]);
    const n = await deps.db.select({ n: sql<number>`count(*)` }).from(accounts).where(sql`lower(${accounts.email}) = ${email}`).get();
    expect(n?.n).toBe(1);
  });

  it('never promotes an account that someone else registered with the admin e-mail', async () => {
    const email = uniqueEmail('squatter');
    const deps = withAdmin(email);
    await createAccount(deps, { email, name: 'Squatter', password: 'password-1', role: 'student' }, { selfRegistration: true });
    expect(await ensureSysadmin(deps)).toBe('conflict');
    expect((await findAccount(deps, { email }))?.role).toBe('student');
  });

  it('does nothing without ADMIN_EMAIL and ADMIN_PASSWORD', async () => {
    const deps = testDeps({ config: loadConfig({ JWT_SECRET: 'x'.repeat(40) }) });
    expect(await ensureSysadmin(deps)).toBe('skipped');
  });

  it('does not reset the password of an existing sysadmin', async () => {
    const email = uniqueEmail('admin');
    await ensureSysadmin(withAdmin(email, 'first-password'));
    await ensureSysadmin(withAdmin(email, 'second-password'));
    const deps = withAdmin(email);
    const row = await deps.db.select().from(accounts).where(eq(accounts.email, email)).get();
    expect(row).toBeTruthy();
    await expect(signIn(deps, { email }, 'first-password')).resolves.toBeTruthy();
  });
});
