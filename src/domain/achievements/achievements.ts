import { and, asc, eq } from 'drizzle-orm';
import { achievements, earnedAchievements, type AchievementRow } from '../../db/schema';
import type { Deps } from '../deps';

export interface AchievementStatus {
  achievement: AchievementRow;
  earnedAt: number | null;
}

/** Every defined achievement with when (if ever) the account earned it, in definition order. */
export async function achievementsOf(deps: Deps, accountId: number): Promise<AchievementStatus[]> {
  const rows = await deps.db
    .select({ achievement: achievements, earnedAt: earnedAchievements.earnedAt })
    .from(achievements)
    .leftJoin(earnedAchievements, and(eq(earnedAchievements.achievementId, achievements.id), eq(earnedAchievements.accountId, accountId)))
    .orderBy(asc(achievements.sortOrder), asc(achievements.id));
  return rows;
}

/** Names of achievements by id, for telling a client what a write just earned. */
export async function achievementsById(deps: Deps, ids: readonly number[]): Promise<AchievementRow[]> {
  if (ids.length === 0) return [];
  const all = await deps.db.select().from(achievements).orderBy(asc(achievements.sortOrder));
  return all.filter((a) => ids.includes(a.id));
}
