import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, excourseProfiles, schoolMembers, smsCodes } from '../../../src/db/schema';
import { createAccount } from '../../../src/domain/accounts/accounts';
import { authenticate, startSession } from '../../../src/domain/auth/sessions';
import { registerExcourseTeacher, requestRegistrationCode, updateExcourseUser } from '../../../src/domain/schools/excourse-teachers';
import { approveSchool, createSchool, rejectSchool } from '../../../src/domain/schools/schools';
import type { SmsServices } from '../../../src/domain/verification/sms';
import { testDeps } from '../../helpers/deps';
import { uniqueEmail } from '../../helpers/http';
import { uniqueName, uniquePhone } from '../../apis/campus/support';

const deps = testDeps();
const CODE = '424242';
const sms: SmsServices = { sender: { provider: 'log', async send() {} }, limiter: { allow: async () => true }, testCode: CODE };

async function account(role: 'teacher' | 'admin' | 'sysadmin' | 'student' = 'teacher') {
  return createAccount(deps, { email: uniqueEmail('ex'), name: 'N', password: 'password-1', role }, { selfRegistration: false });
}

async function approved() {
  const owner = await account();
  const s = await createSchool(deps, owner.id, uniqueName('学校'));
  await approveSchool(deps, (await account('admin')).id, s.id);
  return s.id;
}

async function registration(schoolId: number, over: Partial<Parameters<typeof registerExcourseTeacher>[1]> = {}) {
  const phone = over.phone ?? uniquePhone();
  await requestRegistrationCode(deps, sms, { phone, clientIp: null });
  return { username: uniqueName('师'), password: 'secret-1', schoolId, phone, smsCode: CODE, ...over };
}

const countByUsername = async (username: string) =>
  (await deps.db.select({ n: sql<number>`count(*)` }).from(accounts).where(sql`lower(${accounts.username}) = lower(${username})`).get())!.n;

describe('excourse registration', () => {
  it('creates the account, its profile and its membership together', async () => {
    const schoolId = await approved();
    const input = await registration(schoolId, { workId: 'W-1', wechat: 'wx', email: uniqueEmail('reg') });
    const user = await registerExcourseTeacher(deps, input);
    expect(user.account).toMatchObject({
      username: input.username,
      name: input.username,
      phone: input.phone,
      role: 'teacher',
      email: input.email,
    });
    expect(user.profile).toMatchObject({ workId: 'W-1', wechat: 'wx', isGrade: 0, isSuper: 0, isDelete: false });
    expect(user.schoolId).toBe(schoolId);
  });

  it('refuses a school that is pending, rejected or missing, before spending the code', async () => {
    const owner = await account();
    const pending = await createSchool(deps, owner.id, uniqueName('学校'));
    for (const schoolId of [pending.id, 987654321]) {
      const input = await registration(schoolId);
      await expect(registerExcourseTeacher(deps, input)).rejects.toMatchObject({ details: { fields: [{ field: 'school_id' }] } });
      const [code] = await deps.db.select().from(smsCodes).where(eq(smsCodes.phone, input.phone)).all();
      expect(code).toMatchObject({ consumedAt: null, attempts: 0 });
      expect(await countByUsername(input.username)).toBe(0);
    }
  });

  it('reports every taken identifier at once', async () => {
    const schoolId = await approved();
    const first = await registerExcourseTeacher(deps, await registration(schoolId, { email: uniqueEmail('first') }));
    const input = await registration(schoolId, { username: first.account.username!.toUpperCase(), email: first.account.email });
    const err = await registerExcourseTeacher(deps, input).catch((e) => e);
    expect(err.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['email', 'username']);
  });

  it('parallel registrations of one username: one account, and the loser keeps its code unspent', async () => {
    const schoolId = await approved();
    const username = uniqueName('并发');
    const a = await registration(schoolId, { username });
    const b = await registration(schoolId, { username });
    const results = await Promise.allSettled([registerExcourseTeacher(deps, a), registerExcourseTeacher(deps, b)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results[0]!.status === 'rejected' ? a : b;
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.details.fields).toEqual([
      { field: 'username', code: 'USERNAME_ALREADY_EXISTS', message: expect.any(String) },
    ]);
    expect(await countByUsername(username)).toBe(1);
    const [code] = await deps.db.select().from(smsCodes).where(eq(smsCodes.phone, loser.phone)).all();
    expect(code!.consumedAt).toBeNull();
  });

  it('a school withdrawn between the checks and the insert leaves nothing behind', async () => {
    const schoolId = await approved();
    const input = await registration(schoolId);
    const admin = await account('admin');
    // Withdraw the school the moment the code is spent (after the pre-checks, before the batch).
    const original = deps.db.update.bind(deps.db);
    let fired = false;
    const racing = {
      ...deps,
      db: new Proxy(deps.db, {
        get(target, prop, receiver) {
          if (prop === 'update' && !fired) {
            return (table: unknown) => {
              const builder = original(table as never);
              if (table !== smsCodes) return builder;
              fired = true;
              return new Proxy(builder, {
                get(b, p, r) {
                  const v = Reflect.get(b, p, r);
                  if (p !== 'set') return typeof v === 'function' ? v.bind(b) : v;
                  return (...args: unknown[]) => {
                    const chain = (v as (...a: unknown[]) => unknown).apply(b, args) as { where: (...a: unknown[]) => unknown };
                    const where = chain.where.bind(chain);
                    chain.where = (...w: unknown[]) => {
                      const q = where(...w) as { returning: (...a: unknown[]) => { get: () => Promise<unknown> } };
                      const returning = q.returning.bind(q);
                      q.returning = (...ra: unknown[]) => {
                        const rq = returning(...ra);
                        const get = rq.get.bind(rq);
                        rq.get = async () => {
                          const row = await get();
                          await rejectSchool(deps, admin.id, schoolId, 'withdrawn');
                          return row;
                        };
                        return rq;
                      };
                      return q;
                    };
                    return chain;
                  };
                },
              });
            };
          }
          const v = Reflect.get(target, prop, receiver);
          return typeof v === 'function' ? v.bind(target) : v;
        },
      }),
    };
    await expect(registerExcourseTeacher(racing, input)).rejects.toMatchObject({ details: { fields: [{ field: 'school_id' }] } });
    expect(fired).toBe(true);
    expect(await countByUsername(input.username)).toBe(0);
    const [code] = await deps.db.select().from(smsCodes).where(eq(smsCodes.phone, input.phone)).all();
    expect(code!.consumedAt).toBeNull();
  });

  it('the code must be right: a wrong one is counted and nothing is created', async () => {
    const schoolId = await approved();
    const input = await registration(schoolId, { smsCode: '000001' });
    await expect(registerExcourseTeacher(deps, input)).rejects.toMatchObject({ code: 'SMS_CODE_WRONG' });
    expect(await countByUsername(input.username)).toBe(0);
    const [code] = await deps.db.select().from(smsCodes).where(eq(smsCodes.phone, input.phone)).all();
    expect(code!.attempts).toBe(1);
  });

  it('a code is only sent for a phone and username that can still register', async () => {
    const schoolId = await approved();
    const user = await registerExcourseTeacher(deps, await registration(schoolId));
    await expect(requestRegistrationCode(deps, sms, { phone: user.account.phone!, clientIp: null })).rejects.toMatchObject({
      details: { fields: [{ field: 'phone' }] },
    });
    await expect(
      requestRegistrationCode(deps, sms, { phone: uniquePhone(), username: user.account.username!, clientIp: null }),
    ).rejects.toMatchObject({
      details: { fields: [{ field: 'username' }] },
    });
  });
});

describe('excourse profile updates', () => {
  async function teacher() {
    const schoolId = await approved();
    const user = await registerExcourseTeacher(deps, await registration(schoolId));
    return { id: user.account.id, actor: { accountId: user.account.id, role: user.account.role }, schoolId, account: user.account };
  }

  it('the user changes their own plain fields; a new password revokes every other session, not the one it came from', async () => {
    const t = await teacher();
    const policy = { accessTtlSeconds: 600, refreshTtlSeconds: null };
    const other = await startSession(deps, t.account, policy);
    const current = await startSession(deps, t.account, policy);
    const principal = await authenticate(deps, current.accessToken);
    deps.clock.advance(5);
    const user = await updateExcourseUser(deps, { ...t.actor, sid: principal.sid }, t.id, {
      email: uniqueEmail('new'),
      icon: 'https://cdn.test/a.png',
      wechat: 'w',
      workId: 'J9',
      password: 'another-1',
    });
    expect(user.account.avatarUrl).toBe('https://cdn.test/a.png');
    expect(user.profile).toMatchObject({ wechat: 'w', workId: 'J9' });
    await expect(authenticate(deps, other.accessToken)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    await expect(authenticate(deps, current.accessToken)).resolves.toMatchObject({ accountId: t.id });
    // A later cut-off without that exemption (a sysadmin disabling the account) ends it too.
    const root = await account('sysadmin');
    deps.clock.advance(5);
    await updateExcourseUser(deps, { accountId: root.id, role: root.role }, t.id, { isActive: false });
    await expect(authenticate(deps, current.accessToken)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
  });

  it('a sysadmin setting a password revokes every session of that user', async () => {
    const t = await teacher();
    const session = await startSession(deps, t.account, { accessTtlSeconds: 600, refreshTtlSeconds: null });
    const root = await account('sysadmin');
    deps.clock.advance(5);
    await updateExcourseUser(deps, { accountId: root.id, role: root.role, sid: 'the-sysadmins-own-session' }, t.id, {
      password: 'reset-by-admin',
    });
    await expect(authenticate(deps, session.accessToken)).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
  });

  it('without a password change no token is revoked', async () => {
    const t = await teacher();
    const session = await startSession(deps, t.account, { accessTtlSeconds: 600, refreshTtlSeconds: null });
    deps.clock.advance(5);
    await updateExcourseUser(deps, t.actor, t.id, { wechat: 'x' });
    await expect(authenticate(deps, session.accessToken)).resolves.toMatchObject({ accountId: t.id });
  });

  it('privileged fields only by a sysadmin; another user may not edit at all', async () => {
    const t = await teacher();
    for (const patch of [
      { isSuperuser: true },
      { isSuper: 1 as const },
      { isGrade: 1 as const },
      { isActive: false },
      { schoolId: t.schoolId },
    ]) {
      await expect(updateExcourseUser(deps, t.actor, t.id, patch)).rejects.toMatchObject({ kind: 'forbidden', code: 'PRIVILEGED_FIELDS' });
    }
    const other = await teacher();
    await expect(updateExcourseUser(deps, other.actor, t.id, { wechat: 'hijack' })).rejects.toMatchObject({ kind: 'forbidden' });
    const admin = await account('admin');
    await expect(updateExcourseUser(deps, { accountId: admin.id, role: 'admin' }, t.id, { wechat: 'x' })).rejects.toMatchObject({
      kind: 'forbidden',
    });
    const row = await deps.db.select().from(excourseProfiles).where(eq(excourseProfiles.accountId, t.id)).get();
    expect(row).toMatchObject({ wechat: null, isGrade: 0, isSuper: 0 });
    expect((await deps.db.select().from(accounts).where(eq(accounts.id, t.id)).get())!.role).toBe('teacher');
  });

  it('a sysadmin grants, moves schools and disables; role and disable changes revoke tokens', async () => {
    const t = await teacher();
    const root = await account('sysadmin');
    const sys = { accountId: root.id, role: root.role };
    const otherSchool = await approved();
    const r1 = await updateExcourseUser(deps, sys, t.id, { isSuperuser: true, isGrade: 1, isSuper: 1, schoolId: otherSchool });
    expect(r1.account.role).toBe('sysadmin');
    expect(r1.profile).toMatchObject({ isGrade: 1, isSuper: 1 });
    expect(r1.schoolId).toBe(otherSchool);
    const membership = await deps.db.select().from(schoolMembers).where(eq(schoolMembers.accountId, t.id)).all();
    expect(membership).toEqual([expect.objectContaining({ schoolId: otherSchool, role: 'teacher' })]);
    const r2 = await updateExcourseUser(deps, sys, t.id, { isSuperuser: false, isActive: false });
    expect(r2.account).toMatchObject({ role: 'teacher', isActive: false });
  });

  it('a sysadmin cannot move a teacher into a school that is not approved (nothing changes)', async () => {
    const t = await teacher();
    const root = await account('sysadmin');
    const pending = await createSchool(deps, (await account()).id, uniqueName('学校'));
    await expect(
      updateExcourseUser(deps, { accountId: root.id, role: 'sysadmin' }, t.id, { schoolId: pending.id, wechat: 'changed' }),
    ).rejects.toMatchObject({
      details: { fields: [{ field: 'school_id' }] },
    });
    const after = await deps.db.select().from(excourseProfiles).where(eq(excourseProfiles.accountId, t.id)).get();
    expect(after!.wechat).toBeNull();
  });

  it('a sysadmin cannot demote or disable themself; an e-mail in use is refused', async () => {
    const root = await account('sysadmin');
    const sys = { accountId: root.id, role: root.role };
    await expect(updateExcourseUser(deps, sys, root.id, { isSuperuser: false })).rejects.toMatchObject({
      details: { fields: [{ field: 'is_superuser' }] },
    });
    await expect(updateExcourseUser(deps, sys, root.id, { isActive: false })).rejects.toMatchObject({
      details: { fields: [{ field: 'is_active' }] },
    });
    const t = await teacher();
    const other = await account();
    await expect(updateExcourseUser(deps, t.actor, t.id, { email: other.email!.toUpperCase() })).rejects.toMatchObject({
      details: { fields: [{ field: 'email' }] },
    });
    // A sysadmin without a profile gets one on first edit.
    const r = await updateExcourseUser(deps, sys, root.id, { wechat: 'root-wx' });
    expect(r.profile).toMatchObject({ wechat: 'root-wx' });
  });
});
