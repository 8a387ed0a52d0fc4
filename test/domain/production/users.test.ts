import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, progressProfiles } from '../../../src/db/schema';
import { authenticate, startSession } from '../../../src/domain/auth/sessions';
import { AppError } from '../../../src/domain/errors';
import { createDepartment } from '../../../src/domain/production/departments';
import { canGrantRole, isManager, isStaff, roleFromNumber } from '../../../src/domain/production/roles';
import { createProgressUser, disableUser, newUserStatements, type NewProgressUser } from '../../../src/domain/production/users';
import { hashPassword } from '../../../src/platform/passwords';
import { testDeps } from '../../helpers/deps';
import { uniqueEmail } from '../../helpers/http';
import { principal, rootPrincipal } from './support';

async function department() {
  return createDepartment(testDeps(), await rootPrincipal(), { name: `部门-${crypto.randomUUID()}` });
}

const input = (departmentId: number, over: Partial<NewProgressUser> = {}): NewProgressUser => ({
  username: '用户',
  email: uniqueEmail('dom'),
  password: 'password-1',
  departmentId,
  role: 'teacher',
  ...over,
});

async function rowsFor(email: string) {
  const deps = testDeps();
  const found = await deps.db.select().from(accounts).where(sql`lower(${accounts.email}) = lower(${email})`).all();
  const profiles = found.length
    ? await deps.db.select().from(progressProfiles).where(eq(progressProfiles.accountId, found[0]!.id)).all()
    : [];
  return { accounts: found, profiles };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    return (e as AppError).code;
  }
  throw new Error('expected a rejection');
}

describe('roles', () => {
  it('maps the document’s numbers and decides who may grant which role', () => {
    expect([1, 2, 3, 4, 0, 5].map(roleFromNumber)).toEqual(['teacher', 'admin', 'liaison', 'sysadmin', null, null]);
    const creators = [null, 'student', 'teacher', 'liaison', 'admin', 'sysadmin'] as const;
    const table = creators.map((c) => (['teacher', 'admin', 'liaison', 'sysadmin'] as const).map((r) => canGrantRole(c, r)));
    expect(table).toEqual([
      [true, false, false, false],
      [true, false, false, false],
      [true, false, false, false],
      [true, false, false, false],
      [true, true, true, false],
      [true, true, true, true],
    ]);
    expect((['student', 'teacher', 'liaison', 'admin', 'sysadmin'] as const).map(isStaff)).toEqual([false, false, true, true, true]);
    expect((['student', 'teacher', 'liaison', 'admin', 'sysadmin'] as const).map(isManager)).toEqual([false, false, false, true, true]);
  });
});

describe('createProgressUser', () => {
  it('writes the account and its profile together; the creator is the caller', async () => {
    const deps = testDeps();
    const root = await rootPrincipal();
    const d = await department();
    const u = await createProgressUser(deps, root, input(d.id, { role: 'liaison', job: 3, avatarUrl: 'https://x.test/a.png' }));
    const rows = await rowsFor(u.account.email!);
    expect(rows.accounts).toHaveLength(1);
    expect(rows.accounts[0]).toMatchObject({ role: 'liaison', name: '用户', avatarUrl: 'https://x.test/a.png', isActive: true });
    expect(rows.profiles).toEqual([{ accountId: u.account.id, departmentId: d.id, creatorId: root.accountId, job: 3 }]);
  });

  it('refuses what the caller may not grant, unknown creators and departments; a signed-in caller is always the creator', async () => {
    const deps = testDeps();
    const root = await rootPrincipal();
    const d = await department();
    const admin = await createProgressUser(deps, root, input(d.id, { role: 'admin' }));
    const adminP = principal(admin.account.id, 'admin');
    expect(await codeOf(createProgressUser(deps, null, input(d.id, { role: 'admin' })))).toBe('MANAGER_CREATES_STAFF');
    expect(await codeOf(createProgressUser(deps, adminP, input(d.id, { role: 'sysadmin' })))).toBe('SYSADMIN_CREATES_SYSADMIN');
    expect(await codeOf(createProgressUser(deps, principal(admin.account.id, 'student'), input(d.id)))).toBe('NOT_PROGRESS_USER');
    const byAdmin = await createProgressUser(deps, adminP, input(d.id, { creatorId: root.accountId }));
    expect(byAdmin.creatorId).toBe(admin.account.id);
    expect(await codeOf(createProgressUser(deps, null, input(d.id, { creatorId: 99_999_999 })))).toBe('CREATOR_NOT_FOUND');
    expect(await codeOf(createProgressUser(deps, null, input(99_999_999)))).toBe('UNKNOWN_DEPARTMENT');
    const anonymous = await createProgressUser(deps, null, input(d.id, { creatorId: admin.account.id }));
    expect(anonymous.creatorId).toBe(admin.account.id);
  });

  it('an e-mail taken in any letter case is a conflict and writes nothing', async () => {
    const deps = testDeps();
    const d = await department();
    const first = await createProgressUser(deps, null, input(d.id));
    const before = await rowsFor(first.account.email!);
    expect(await codeOf(createProgressUser(deps, null, input(d.id, { email: first.account.email!.toUpperCase() })))).toBe(
      'EMAIL_ALREADY_EXISTS',
    );
    expect(await rowsFor(first.account.email!)).toEqual(before);
  });

  it('two parallel registrations of one e-mail leave one account with one profile', async () => {
    const deps = testDeps();
    const d = await department();
    const email = uniqueEmail('race');
    const results = await Promise.allSettled([
      createProgressUser(deps, null, input(d.id, { email })),
      createProgressUser(deps, null, input(d.id, { email })),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as AppError).code).toBe('EMAIL_ALREADY_EXISTS');
    const rows = await rowsFor(email);
    expect(rows.accounts).toHaveLength(1);
    expect(rows.profiles).toHaveLength(1);
  });

  it('the batch of a taken e-mail changes neither the existing account nor its profile', async () => {
    const deps = testDeps();
    const d1 = await department();
    const d2 = await department();
    const existing = await createProgressUser(deps, null, input(d1.id));
    const before = await rowsFor(existing.account.email!);
    const hash = await hashPassword('another');
    const s = newUserStatements(deps, input(d2.id, { email: existing.account.email!, role: 'admin' }), hash, Date.now());
    const [inserted] = await deps.db.batch([s.insertAccount, s.insertProfile]);
    expect(inserted).toEqual([]);
    expect(await rowsFor(existing.account.email!)).toEqual(before);
  });
});

describe('disableUser', () => {
  it('deactivates the account and revokes the tokens it holds', async () => {
    const deps = testDeps();
    const root = await rootPrincipal();
    const d = await department();
    const u = await createProgressUser(deps, null, input(d.id));
    const tokens = await startSession(deps, u.account, { accessTtlSeconds: 3600, refreshTtlSeconds: null });
    await expect(authenticate(deps, tokens.accessToken)).resolves.toMatchObject({ accountId: u.account.id });
    deps.clock.advance(10);
    await disableUser(deps, root, u.account.id);
    expect((await rowsFor(u.account.email!)).accounts[0]!.isActive).toBe(false);
    await expect(authenticate(deps, tokens.accessToken)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
  });

  it('nobody disables themselves; an admin cannot disable a sysadmin; students are not progress users', async () => {
    const deps = testDeps();
    const root = await rootPrincipal();
    const d = await department();
    const admin = await createProgressUser(deps, root, input(d.id, { role: 'admin' }));
    const otherRoot = await createProgressUser(deps, root, input(d.id, { role: 'sysadmin' }));
    expect(await codeOf(disableUser(deps, root, root.accountId))).toBe('CANNOT_DISABLE_SELF');
    expect(await codeOf(disableUser(deps, principal(admin.account.id, 'admin'), otherRoot.account.id))).toBe('SYSADMIN_DISABLES_SYSADMIN');
    expect(await codeOf(disableUser(deps, principal(admin.account.id, 'admin'), 99_999_999))).toBe('USER_NOT_FOUND');
    expect((await rowsFor(otherRoot.account.email!)).accounts[0]!.isActive).toBe(true);
  });
});
