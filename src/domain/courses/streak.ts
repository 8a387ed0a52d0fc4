import { sql, type SQL } from 'drizzle-orm';
import { courseProgressEvents } from '../../db/schema';

/**
 * The number of consecutive study days ending on `day` (0 when `day` itself has no study), as a
 * scalar SQL subquery: it walks back one indexed lookup per day, so it costs the streak's length.
 */
export function streakEndingOn(accountId: number, day: string): SQL<number> {
  const studiedOn = (d: SQL) =>
    sql`exists (select 1 from ${courseProgressEvents} where ${courseProgressEvents.accountId} = ${accountId} and ${courseProgressEvents.day} = ${d})`;
  return sql<number>`(with recursive streak(d) as (
      select ${day} where ${studiedOn(sql`${day}`)}
      union all
      select date(streak.d, '-1 day') from streak where ${studiedOn(sql`date(streak.d, '-1 day')`)}
    ) select count(*) from streak)`;
}
