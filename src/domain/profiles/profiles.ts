import { eq } from 'drizzle-orm';
import { accounts, personalProfiles } from '../../db/schema';
import type { Account } from '../accounts/accounts';
import type { Deps } from '../deps';
import { AppError } from '../errors';

export interface Profile {
  account: Account;
  userIntro: string | null;
  occupation: string | null;
  learningGoal: string | null;
}

/** The only fields a user may change about themselves here; anything else is refused by the API. */
export interface ProfilePatch {
  name?: string;
  userIntro?: string | null;
  occupation?: string | null;
  learningGoal?: string | null;
}

const userNotFound = () => new AppError('unauthenticated', 'USER_NOT_FOUND', 'User not found');

export async function getProfile(deps: Deps, accountId: number): Promise<Profile> {
  const row = await deps.db
    .select({ account: accounts, profile: personalProfiles })
    .from(accounts)
    .leftJoin(personalProfiles, eq(personalProfiles.accountId, accounts.id))
    .where(eq(accounts.id, accountId))
    .get();
  if (!row) throw userNotFound();
  if (!row.account.isActive) throw new AppError('forbidden', 'INACTIVE_USER', 'User account is disabled');
  return {
    account: row.account,
    userIntro: row.profile?.userIntro ?? null,
    occupation: row.profile?.occupation ?? null,
    learningGoal: row.profile?.learningGoal ?? null,
  };
}

/** The display name lives in accounts.name (shared by every API); the rest in personal_profiles. One transaction. */
export async function updateProfile(deps: Deps, accountId: number, patch: ProfilePatch): Promise<Profile> {
  await getProfile(deps, accountId);
  const now = deps.clock.now();
  const profileSet: Partial<typeof personalProfiles.$inferInsert> = {};
  if (patch.userIntro !== undefined) profileSet.userIntro = patch.userIntro;
  if (patch.occupation !== undefined) profileSet.occupation = patch.occupation;
  if (patch.learningGoal !== undefined) profileSet.learningGoal = patch.learningGoal;
  const statements = [];
  if (patch.name !== undefined)
    statements.push(deps.db.update(accounts).set({ name: patch.name, updatedAt: now }).where(eq(accounts.id, accountId)));
  if (Object.keys(profileSet).length > 0) {
    statements.push(
      deps.db
        .insert(personalProfiles)
        .values({ accountId, userIntro: null, occupation: null, learningGoal: null, ...profileSet, updatedAt: now })
        .onConflictDoUpdate({ target: personalProfiles.accountId, set: { ...profileSet, updatedAt: now } }),
    );
  }
  const [first, ...rest] = statements;
  if (first) await deps.db.batch([first, ...rest]);
  return getProfile(deps, accountId);
}
