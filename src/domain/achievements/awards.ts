import { sql, type SQL } from 'drizzle-orm';
import {
  achievements,
  communityGroups,
  communityMembers,
  courseEnrollments,
  courseProgressEvents,
  courseRatings,
  earnedAchievements,
} from '../../db/schema';
import { streakEndingOn } from '../courses/streak';
import type { Deps } from '../deps';
import type { Metric } from './definitions';

/**
 * Each metric's current value for one account, as an SQL expression. Awards are decided by these
 * expressions inside the same batch (one D1 transaction) as the write that moves the metric, so a
 * threshold crossed by two parallel writes is seen by whichever commits second, and the primary
 * key of earned_achievements keeps the award to exactly one row.
 */
function metricValue(metric: Metric, accountId: number, today: string): SQL {
  switch (metric) {
    case 'courses_enrolled':
      return sql`(select count(*) from ${courseEnrollments} where ${courseEnrollments.accountId} = ${accountId})`;
    case 'courses_completed':
      return sql`(select count(*) from ${courseEnrollments} where ${courseEnrollments.accountId} = ${accountId} and ${courseEnrollments.completedAt} is not null)`;
    case 'study_hours':
      // Compared in seconds against required_value * 3600, so no float rounding decides an award.
      return sql`(select coalesce(sum(${courseProgressEvents.durationSeconds}), 0) from ${courseProgressEvents} where ${courseProgressEvents.accountId} = ${accountId})`;
    case 'streak_days':
      return streakEndingOn(accountId, today);
    case 'teams_joined':
    case 'rooms_joined':
      return sql`(select count(*) from ${communityMembers} join ${communityGroups} on ${communityGroups.id} = ${communityMembers.groupId}
        where ${communityMembers.accountId} = ${accountId} and ${communityGroups.kind} = ${metric === 'teams_joined' ? 'team' : 'room'})`;
    case 'teams_created':
      return sql`(select count(*) from ${communityGroups} where ${communityGroups.ownerId} = ${accountId} and ${communityGroups.kind} = 'team')`;
    case 'ratings_given':
      return sql`(select count(*) from ${courseRatings} where ${courseRatings.accountId} = ${accountId})`;
  }
}

const threshold = (metric: Metric): SQL =>
  metric === 'study_hours' ? sql`${achievements.requiredValue} * 3600` : sql`${achievements.requiredValue}`;

/**
 * One statement per metric, to run in a batch after the write: it inserts every not-yet-earned
 * achievement of that metric whose threshold the value now reaches, and returns their ids.
 * `today` is the caller's day in APP_TIMEZONE (only the streak uses it).
 */
export function awardStatements(deps: Deps, accountId: number, metrics: readonly Metric[], now: number, today: string) {
  return metrics.map((metric) =>
    deps.db
      .insert(earnedAchievements)
      .select(
        sql`select ${accountId}, ${achievements.id}, ${now} from ${achievements}
          where ${achievements.metric} = ${metric} and ${threshold(metric)} <= ${metricValue(metric, accountId, today)}`,
      )
      .onConflictDoNothing()
      .returning({ achievementId: earnedAchievements.achievementId }),
  );
}

/** The achievement ids a batch's award statements inserted. */
export function earnedIn(results: readonly { achievementId: number }[][]): number[] {
  return results.flatMap((rows) => rows.map((row) => row.achievementId));
}
