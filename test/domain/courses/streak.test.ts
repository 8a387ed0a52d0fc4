import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { earnedAchievements } from '../../../src/db/schema';
import { learnerStats, reportProgress } from '../../../src/domain/courses/enrollments';
import { testDeps } from '../../helpers/deps';
import { enrolledLearner, shanghai } from './fixtures';

const DAY = 24 * 3600 * 1000;

describe('continuous_days (streak) in APP_TIMEZONE', () => {
  it('counts 23:59 and 00:01 Shanghai time as two days, though they are one UTC day', async () => {
    const deps = testDeps();
    expect(deps.config.timezone).toBe('Asia/Shanghai');
    const { learnerId, courseId } = await enrolledLearner(deps);
    deps.clock.set(shanghai('2025-03-10T23:59:00'));
    await reportProgress(deps, learnerId, courseId, { progress: 10, durationSeconds: 60 });
    deps.clock.set(shanghai('2025-03-11T00:01:00'));
    await reportProgress(deps, learnerId, courseId, { progress: 20, durationSeconds: 60 });
    expect((await learnerStats(deps, learnerId)).continuousDays).toBe(2);

    // The same two reports, with days counted in UTC, are one day.
    const utc = testDeps({ config: { ...deps.config, timezone: 'UTC' } });
    const other = await enrolledLearner(utc);
    utc.clock.set(shanghai('2025-03-10T23:59:00'));
    await reportProgress(utc, other.learnerId, other.courseId, { progress: 10, durationSeconds: 60 });
    utc.clock.set(shanghai('2025-03-11T00:01:00'));
    await reportProgress(utc, other.learnerId, other.courseId, { progress: 20, durationSeconds: 60 });
    expect((await learnerStats(utc, other.learnerId)).continuousDays).toBe(1);
  });

  it('a streak that ended yesterday still counts today; one that ended the day before is broken', async () => {
    const deps = testDeps();
    const { learnerId, courseId } = await enrolledLearner(deps);
    for (const day of ['2025-05-01', '2025-05-02', '2025-05-03']) {
      deps.clock.set(shanghai(`${day}T20:00:00`));
      await reportProgress(deps, learnerId, courseId, { progress: 5, durationSeconds: 60 });
    }
    deps.clock.set(shanghai('2025-05-04T09:00:00'));
    expect((await learnerStats(deps, learnerId)).continuousDays).toBe(3);
    deps.clock.set(shanghai('2025-05-04T23:59:59'));
    expect((await learnerStats(deps, learnerId)).continuousDays).toBe(3);
    deps.clock.set(shanghai('2025-05-05T00:00:00'));
    expect((await learnerStats(deps, learnerId)).continuousDays).toBe(0);
    // Studying again starts a new streak of one.
    await reportProgress(deps, learnerId, courseId, { progress: 6, durationSeconds: 0 });
    expect((await learnerStats(deps, learnerId)).continuousDays).toBe(1);
  });

  it('several reports on one day count once; a gap resets', async () => {
    const deps = testDeps();
    const { learnerId, courseId } = await enrolledLearner(deps);
    const start = shanghai('2025-07-01T08:00:00');
    for (const offset of [0, 2 * 3600 * 1000, DAY, DAY + 60_000, 3 * DAY, 4 * DAY]) {
      deps.clock.set(start + offset);
      await reportProgress(deps, learnerId, courseId, { progress: 1, durationSeconds: 1 });
    }
    expect((await learnerStats(deps, learnerId)).continuousDays).toBe(2);
  });

  it('earns 坚持不懈 (7-day streak) in the report of the seventh day, not before, and only once', async () => {
    const deps = testDeps();
    const { learnerId, courseId } = await enrolledLearner(deps);
    const start = shanghai('2025-09-01T21:30:00');
    const earned7 = () =>
      deps.db
        .select()
        .from(earnedAchievements)
        .where(and(eq(earnedAchievements.accountId, learnerId), eq(earnedAchievements.achievementId, 7)))
        .all();
    for (let d = 0; d < 6; d++) {
      deps.clock.set(start + d * DAY);
      const r = await reportProgress(deps, learnerId, courseId, { progress: d, durationSeconds: 10 });
      expect(r.newAchievements).not.toContain(7);
    }
    expect(await earned7()).toEqual([]);
    deps.clock.set(start + 6 * DAY);
    expect((await reportProgress(deps, learnerId, courseId, { progress: 7, durationSeconds: 10 })).newAchievements).toContain(7);
    deps.clock.set(start + 7 * DAY);
    expect((await reportProgress(deps, learnerId, courseId, { progress: 8, durationSeconds: 10 })).newAchievements).not.toContain(7);
    const rows = await earned7();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.earnedAt).toBe(start + 6 * DAY);
    expect((await learnerStats(deps, learnerId)).continuousDays).toBe(8);
  });
});
