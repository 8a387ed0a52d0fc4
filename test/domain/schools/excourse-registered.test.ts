import { env } from 'cloudflare:workers';
import { eq, inArray } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { excourseProfiles } from '../../../src/db/schema';
import { createAccount } from '../../../src/domain/accounts/accounts';
import {
  getExcourseUserFor,
  registerExcourseTeacher,
  requestRegistrationCode,
  updateExcourseUser,
} from '../../../src/domain/schools/excourse-teachers';
import { approveSchool, createSchool } from '../../../src/domain/schools/schools';
import type { SmsServices } from '../../../src/domain/verification/sms';
import { testDeps } from '../../helpers/deps';
import { uniqueEmail } from '../../helpers/http';
import { uniqueName, uniquePhone } from '../../apis/campus/support';

/** Being an excourse teacher means having registered through the excourse API, not having a profile row. */
const deps = testDeps();
const CODE = '515151';
const sms: SmsServices = { sender: { provider: 'log', async send() {} }, limiter: { allow: async () => true }, testCode: CODE };

const account = (role: 'teacher' | 'sysadmin' | 'admin' = 'teacher') =>
  createAccount(deps, { email: uniqueEmail('reg'), name: 'N', password: 'password-1', role }, { selfRegistration: false });

async function registered() {
  const s = await createSchool(deps, (await account()).id, uniqueName('学校'));
  await approveSchool(deps, (await account('admin')).id, s.id);
  const phone = uniquePhone();
  await requestRegistrationCode(deps, sms, { phone, clientIp: null });
  return registerExcourseTeacher(deps, { username: uniqueName('师'), password: 'secret-1', schoolId: s.id, phone, smsCode: CODE });
}

const profile = (id: number) => deps.db.select().from(excourseProfiles).where(eq(excourseProfiles.accountId, id)).get();

describe('excourse_profiles.registered', () => {
  it('is set by registration and kept by later edits; a profile made by an edit is not registered', async () => {
    const t = await registered();
    expect(t.profile).toMatchObject({ registered: true });
    await updateExcourseUser(deps, { accountId: t.account.id, role: 'teacher' }, t.account.id, { wechat: 'w' });
    expect(await profile(t.account.id)).toMatchObject({ wechat: 'w', registered: true });

    const campus = await account();
    await updateExcourseUser(deps, { accountId: campus.id, role: 'teacher' }, campus.id, { wechat: 'c' });
    expect(await profile(campus.id)).toMatchObject({ wechat: 'c', registered: false });
    const reader = { accountId: t.account.id, role: 'teacher' as const };
    await expect(getExcourseUserFor(deps, reader, campus.id)).rejects.toMatchObject({ kind: 'not_found' });
    await expect(getExcourseUserFor(deps, { accountId: campus.id, role: 'teacher' }, t.account.id)).resolves.toMatchObject({
      account: { id: t.account.id },
    });
  });

  it('the migration marks as unregistered exactly the rows an edit made (created after their account)', async () => {
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith('0006_excourse_registered'))!;
    const update = migration.queries.find((q) => /^\s*UPDATE/i.test(q.replace(/^--.*$/gm, '')))!;
    const where = update.slice(update.search(/\bWHERE\b/i));
    // Pre-migration rows: both came in as registered (the column's default).
    const t = await registered();
    const campus = await account();
    deps.clock.advance(1000);
    await deps.db.insert(excourseProfiles).values({ accountId: campus.id, createdAt: deps.clock.now(), updatedAt: deps.clock.now() }).run();
    const ids = [t.account.id, campus.id];
    const hit = await env.DB.prepare(`SELECT account_id FROM excourse_profiles ${where} AND account_id IN (${ids.join(',')})`).all<{
      account_id: number;
    }>();
    expect(hit.results.map((r) => r.account_id)).toEqual([campus.id]);
    const rows = await deps.db.select().from(excourseProfiles).where(inArray(excourseProfiles.accountId, ids)).all();
    expect(rows.every((r) => r.registered)).toBe(true);
  });
});
