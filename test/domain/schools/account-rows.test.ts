import { env } from 'cloudflare:workers';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { buildDeps } from '../../../src/composition-root';
import { accounts } from '../../../src/db/schema';
import { createAccount } from '../../../src/domain/accounts/accounts';
import { insertAccountWhere, takenIdentifiers } from '../../../src/domain/schools/account-rows';
import { countingD1 } from '../../helpers/counting-d1';
import { silentLog, testDeps } from '../../helpers/deps';
import { uniqueEmail } from '../../helpers/http';

const deps = testDeps();

async function teacherWithEmail() {
  return createAccount(
    deps,
    { email: uniqueEmail('rows'), name: 'N', password: 'password-1', role: 'teacher' },
    { selfRegistration: false },
  );
}

describe('a username that is another account’s e-mail is taken', () => {
  it('takenIdentifiers reports it, case-insensitively', async () => {
    const t = await teacherWithEmail();
    for (const username of [t.email!, t.email!.toUpperCase()]) {
      expect(await takenIdentifiers(deps, { username })).toEqual([
        { field: 'username', code: 'USERNAME_ALREADY_EXISTS', message: expect.any(String) },
      ]);
    }
    // The account itself may keep its own e-mail as its username.
    expect(await takenIdentifiers(deps, { username: t.email! }, t.id)).toEqual([]);
  });

  it('the conditional insert refuses it too (a creation racing past the check inserts nothing)', async () => {
    const t = await teacherWithEmail();
    const values = { email: null, phone: null, username: t.email!.toUpperCase(), name: 'N', passwordHash: 'x', role: 'student' as const };
    const res = await deps.db.run(insertAccountWhere(values, Date.now(), sql`1`));
    expect(res.meta.changes).toBe(0);
    const free = { ...values, username: `free_${t.id}` };
    expect((await deps.db.run(insertAccountWhere(free, Date.now(), sql`1`))).meta.changes).toBe(1);
    await deps.db.delete(accounts).where(sql`${accounts.username} = ${free.username}`).run();
  });

  it('the check uses the lower() unique indexes of both columns', async () => {
    const db = countingD1(env.DB);
    const counted = { ...buildDeps({ ...env, DB: db }, silentLog), clock: deps.clock };
    await takenIdentifiers(counted, { username: 'someone@example.test' });
    expect(db.queries).toHaveLength(1);
    const q = db.queries[0]!;
    const { results } = await env.DB.prepare(`EXPLAIN QUERY PLAN ${q.sql}`)
      .bind(...q.params)
      .all<{ detail: string }>();
    const plan = results.map((r) => r.detail).join(' / ');
    expect(plan).toContain('accounts_username_lower_uq');
    expect(plan).toContain('accounts_email_lower_uq');
    expect(plan).not.toMatch(/SCAN accounts(?! USING)/);
  });
});
