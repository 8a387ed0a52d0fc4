import { eq, or, sql, type SQL } from 'drizzle-orm';
import { accounts, type AccountRow } from '../../db/schema';
import { hashPassword } from '../../platform/passwords';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { SELF_REGISTRATION_ROLES, type Role } from './roles';

export type Account = AccountRow;

export interface NewAccount {
  email?: string | null;
  phone?: string | null;
  username?: string | null;
  name: string;
  password: string;
  role: Role;
  job?: number | null;
  avatarUrl?: string | null;
}

export type SignInIdentifier = { email: string } | { phone: string } | { username: string };

function identifierCondition(id: SignInIdentifier): SQL {
  if ('email' in id) return sql`lower(${accounts.email}) = lower(${id.email})`;
  if ('phone' in id) return eq(accounts.phone, id.phone);
  return sql`lower(${accounts.username}) = lower(${id.username})`;
}

export async function findAccount(deps: Deps, id: SignInIdentifier): Promise<Account | undefined> {
  return deps.db.select().from(accounts).where(identifierCondition(id)).get();
}

export async function findAccountById(deps: Deps, id: number): Promise<Account | undefined> {
  return deps.db.select().from(accounts).where(eq(accounts.id, id)).get();
}

/**
 * Inserts with ON CONFLICT DO NOTHING so that two parallel registrations of one identifier leave one
 * account; when nothing was inserted, a second read names the identifier that is taken.
 */
export async function createAccount(deps: Deps, input: NewAccount, opts: { selfRegistration: boolean }): Promise<Account> {
  if (opts.selfRegistration && !SELF_REGISTRATION_ROLES.includes(input.role)) {
    throw new AppError('forbidden', 'ROLE_NOT_ALLOWED', `Self-registration cannot create a ${input.role} account`, {
      params: { role: input.role },
    });
  }
  const now = deps.clock.now();
  const passwordHash = await hashPassword(input.password, deps.config.passwordHashIterations);
  const inserted = await deps.db
    .insert(accounts)
    .values({
      email: input.email ?? null,
      phone: input.phone ?? null,
      username: input.username ?? null,
      name: input.name,
      passwordHash,
      role: input.role,
      job: input.job ?? null,
      avatarUrl: input.avatarUrl ?? null,
      isActive: true,
      createdAt: now,
      updatedAt: now,
    })
    .onConflictDoNothing()
    .returning()
    .get();
  if (inserted) return inserted;
  throw await conflictFor(deps, input);
}

async function conflictFor(deps: Deps, input: NewAccount): Promise<AppError> {
  const conditions: SQL[] = [];
  if (input.email) conditions.push(identifierCondition({ email: input.email }));
  if (input.phone) conditions.push(identifierCondition({ phone: input.phone }));
  if (input.username) conditions.push(identifierCondition({ username: input.username }));
  const taken = conditions.length
    ? await deps.db
        .select()
        .from(accounts)
        .where(or(...conditions))
        .all()
    : [];
  const same = (a: string | null | undefined, b: string | null | undefined) => !!a && !!b && a.toLowerCase() === b.toLowerCase();
  if (taken.some((a) => same(a.email, input.email))) return new AppError('conflict', 'EMAIL_ALREADY_EXISTS', 'Email is already registered');
  if (taken.some((a) => same(a.phone, input.phone)))
    return new AppError('conflict', 'PHONE_ALREADY_EXISTS', 'Phone number is already registered');
  if (taken.some((a) => same(a.username, input.username)))
    return new AppError('conflict', 'USERNAME_ALREADY_EXISTS', 'Username is already taken');
  return new AppError('conflict', 'ACCOUNT_CONFLICT', 'The account could not be created because it conflicts with an existing one');
}

export async function recordSignIn(deps: Deps, accountId: number): Promise<number> {
  const now = deps.clock.now();
  await deps.db.update(accounts).set({ lastLoginAt: now }).where(eq(accounts.id, accountId)).run();
  return now;
}
