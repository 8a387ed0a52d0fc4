/**
 * Accounts and rows the concurrency cases start from (not a test file). Set-up goes through the
 * domain, not HTTP: only the burst under test should cost requests.
 */
import { sql } from 'drizzle-orm';
import { accounts } from '../../src/db/schema';
import { createAccount } from '../../src/domain/accounts/accounts';
import type { Role } from '../../src/domain/accounts/roles';
import { startSession } from '../../src/domain/auth/sessions';
import { uniquePhone } from '../apis/campus/support';
import { testDeps } from '../helpers/deps';
import { uniqueEmail } from '../helpers/http';

export { uniquePhone, uniqueEmail };

export interface Actor {
  id: number;
  email: string;
  phone: string;
  password: string;
  /** An access token; every API accepts every API's token. */
  token: string;
}

export const PASSWORD = 'password-123';

/** An account of `role` with an e-mail and a phone, signed in (a real session, no forged token). */
export async function actor(role: Role = 'student'): Promise<Actor> {
  const deps = testDeps();
  const email = uniqueEmail(role);
  const phone = uniquePhone();
  const account = await createAccount(deps, { email, phone, name: `${role} ${phone.slice(-4)}`, password: PASSWORD, role }, { selfRegistration: false });
  const tokens = await startSession(deps, account, { accessTtlSeconds: 3600, refreshTtlSeconds: null });
  return { id: account.id, email, phone, password: PASSWORD, token: tokens.accessToken };
}

export const actors = (n: number, role: Role = 'student') => Promise.all(Array.from({ length: n }, () => actor(role)));

/** Accounts holding this e-mail, in any letter case. */
export const accountsWithEmail = (email: string) =>
  testDeps().db.select().from(accounts).where(sql`lower(${accounts.email}) = lower(${email})`).all();

export const accountsWithPhone = (phone: string) => testDeps().db.select().from(accounts).where(sql`${accounts.phone} = ${phone}`).all();

/** `count(*)` of a query's rows, for "the stored counter equals the rows". */
export async function countRows(query: ReturnType<typeof sql>): Promise<number> {
  const row = await testDeps().db.get<{ n: number }>(sql`select count(*) as n from (${query})`);
  return Number(row?.n ?? 0);
}
