import { and, ne, sql, type SQL } from 'drizzle-orm';
import { accounts } from '../../db/schema';
import type { Role } from '../accounts/roles';
import type { Deps } from '../deps';
import { fieldIssue, type FieldIssue } from '../errors';

/**
 * Account creation that can sit in one db.batch with the rows that belong to it (profile,
 * membership). createAccount in the accounts core is a single statement and cannot.
 */
export interface AccountValues {
  email: string | null;
  phone: string | null;
  username: string | null;
  name: string;
  passwordHash: string;
  role: Role;
}

/**
 * INSERT … SELECT … WHERE <condition> ON CONFLICT DO NOTHING: inserts nothing when the condition
 * fails (the school is not approved) or an identifier is taken, without raising. A username that is
 * another account's e-mail counts as taken here too (see usernameTaken), which no unique index can say.
 */
export function insertAccountWhere(a: AccountValues, now: number, condition: SQL): SQL {
  const free = a.username === null ? sql`1` : sql`NOT EXISTS (SELECT 1 FROM accounts WHERE ${usernameTaken(a.username)})`;
  return sql`
    INSERT INTO accounts (email, phone, username, name, password_hash, role, is_active, created_at, updated_at)
    SELECT ${a.email}, ${a.phone}, ${a.username}, ${a.name}, ${a.passwordHash}, ${a.role}, 1, ${now}, ${now}
    WHERE ${condition} AND ${free}
    ON CONFLICT DO NOTHING`;
}

/**
 * A username is taken when it is any account's username or e-mail (case-insensitively). Accounts
 * without a username (the sysadmin, campus teachers) sign in on excourse with their e-mail in the
 * username field, and a username wins over an e-mail there: a username equal to their e-mail would lock
 * them out. Both sides use their lower() unique indexes (a MULTI-INDEX OR).
 */
const usernameTaken = (username: string) =>
  sql`(lower(${accounts.username}) = lower(${username}) OR lower(${accounts.email}) = lower(${username}))`;

/**
 * The id of the account inserted above, or NULL when it was not: the username index finds it and the
 * freshly salted hash proves it is this insert, not someone else's account with that name.
 */
export const insertedAccountId = (username: string, passwordHash: string) =>
  sql`(SELECT id FROM accounts WHERE lower(username) = lower(${username}) AND password_hash = ${passwordHash})`;

/** The code of each identifier's issue when another account uses it (each API words it). */
const TAKEN = { username: 'USERNAME_ALREADY_EXISTS', phone: 'PHONE_ALREADY_EXISTS', email: 'EMAIL_ALREADY_EXISTS' } as const;

/** Which of these identifiers other accounts already use, as field issues (USERNAME_ALREADY_EXISTS, ...). */
export async function takenIdentifiers(
  deps: Deps,
  ids: { username?: string | null; phone?: string | null; email?: string | null },
  exceptAccountId?: number,
): Promise<FieldIssue[]> {
  const checks: [keyof typeof TAKEN, SQL][] = [];
  if (ids.username) checks.push(['username', usernameTaken(ids.username)]);
  if (ids.phone) checks.push(['phone', sql`${accounts.phone} = ${ids.phone}`]);
  if (ids.email) checks.push(['email', sql`lower(${accounts.email}) = lower(${ids.email})`]);
  const issues: FieldIssue[] = [];
  for (const [field, condition] of checks) {
    const where = exceptAccountId === undefined ? condition : and(condition, ne(accounts.id, exceptAccountId));
    const hit = await deps.db.select({ id: accounts.id }).from(accounts).where(where).get();
    if (hit) issues.push(fieldIssue(field, TAKEN[field], `Another account has this ${field}`));
  }
  return issues;
}
