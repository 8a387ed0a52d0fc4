import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { achievements, earnedAchievements } from '../../../src/db/schema';
import { achievementsOf } from '../../../src/domain/achievements/achievements';
import { ACHIEVEMENTS } from '../../../src/domain/achievements/definitions';
import { createGroup, joinGroup, leaveGroup } from '../../../src/domain/community/groups';
import { enroll, reportProgress } from '../../../src/domain/courses/enrollments';
import { ensureSeedData } from '../../../src/domain/courses/seed';
import { testDeps } from '../../helpers/deps';
import { account, enrolledLearner, publishedCourse } from '../courses/fixtures';

const earned = (accountId: number) =>
  testDeps()
    .db.select()
    .from(earnedAchievements)
    .where(eq(earnedAchievements.accountId, accountId))
    .all()
    .then((rows) => rows.map((r) => r.achievementId).sort((a, b) => a - b));

describe('achievement awards', () => {
  it('mirrors the code definitions into the table (two groups: learning and social)', async () => {
    const deps = testDeps();
    await ensureSeedData(deps);
    const rows = await deps.db.select().from(achievements).all();
    expect(rows.map((r) => r.id).sort((a, b) => a - b)).toEqual(ACHIEVEMENTS.map((a) => a.id).sort((a, b) => a - b));
    const groups = new Set(rows.map((r) => r.achievementType));
    expect(groups).toEqual(new Set(['learning', 'social']));
    for (const a of ACHIEVEMENTS)
      expect(rows.find((r) => r.id === a.id)).toMatchObject({ name: a.name, requiredValue: a.requiredValue, metric: a.metric });
  });

  it('study hours: 10 hours is exactly 36000 seconds, not one second less', async () => {
    const deps = testDeps();
    const { learnerId, courseId } = await enrolledLearner(deps);
    const first = await reportProgress(deps, learnerId, courseId, { progress: 1, durationSeconds: 35999 });
    expect(first.newAchievements).not.toContain(5);
    const second = await reportProgress(deps, learnerId, courseId, { progress: 2, durationSeconds: 1 });
    expect(second.newAchievements).toEqual([5]);
  });

  it('courses completed: 1 and 5, each earned by the report that completes that course', async () => {
    const deps = testDeps();
    const learner = await account('student', deps);
    const courses = [];
    for (let i = 0; i < 5; i++) {
      const c = await publishedCourse(deps);
      await enroll(deps, learner.id, c.courseId);
      courses.push(c.courseId);
    }
    const got: number[][] = [];
    for (const id of courses) got.push((await reportProgress(deps, learner.id, id, { progress: 100, durationSeconds: 0 })).newAchievements);
    expect(got).toEqual([[2], [], [], [], [3]]);
  });

  it('exactly once when parallel reports complete different courses and cross a threshold together', async () => {
    const deps = testDeps();
    const learner = await account('student', deps);
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const c = await publishedCourse(deps);
      await enroll(deps, learner.id, c.courseId);
      ids.push(c.courseId);
    }
    const results = await Promise.all(ids.map((id) => reportProgress(deps, learner.id, id, { progress: 100, durationSeconds: 6000 })));
    // 6 completions in parallel: 初次完成 (2) and 学有所成 (3, five courses) and 10 hours (5, 36000 s) each come out once.
    for (const id of [2, 3, 5]) expect(results.filter((r) => r.newAchievements.includes(id))).toHaveLength(1);
    expect(await earned(learner.id)).toEqual([1, 2, 3, 5]);
    expect(results.filter((r) => r.completedNow)).toHaveLength(6);
  });

  it('exactly once when parallel reports on one course cross the same threshold', async () => {
    const deps = testDeps();
    const { learnerId, courseId } = await enrolledLearner(deps);
    const results = await Promise.all(
      Array.from({ length: 10 }, () => reportProgress(deps, learnerId, courseId, { progress: 100, durationSeconds: 3600 })),
    );
    expect(results.filter((r) => r.newAchievements.includes(2))).toHaveLength(1);
    expect(results.filter((r) => r.newAchievements.includes(5))).toHaveLength(1);
    expect(results.filter((r) => r.completedNow)).toHaveLength(1);
    expect(await earned(learnerId)).toEqual([1, 2, 5]);
  });

  it('social: teams joined (1 and 3) stay earned after leaving; rooms joined', async () => {
    const deps = testDeps();
    const me = await account('student', deps);
    const other = await account('student', deps);
    const teams = [];
    for (let i = 0; i < 3; i++) teams.push((await createGroup(deps, other.id, 'team', { name: `t${i}`, description: null })).view.group.id);
    const j1 = await joinGroup(deps, me.id, 'team', teams[0]!);
    expect(j1.newAchievements).toEqual([9]);
    await joinGroup(deps, me.id, 'team', teams[1]!);
    expect((await joinGroup(deps, me.id, 'team', teams[2]!)).newAchievements).toEqual([12]);
    for (const id of teams) await leaveGroup(deps, me.id, 'team', id);
    expect((await joinGroup(deps, me.id, 'team', teams[0]!)).newAchievements).toEqual([]);
    const room = await createGroup(deps, other.id, 'room', { name: 'r', description: null });
    expect((await joinGroup(deps, me.id, 'room', room.view.group.id)).newAchievements).toEqual([10]);
    expect(await earned(me.id)).toEqual([9, 10, 12]);
    const statuses = await achievementsOf(deps, me.id);
    expect(statuses.filter((s) => s.earnedAt !== null).map((s) => s.achievement.id)).toEqual([9, 10, 12]);
  });

  it('an earned row is never duplicated for one account (the primary key holds)', async () => {
    const deps = testDeps();
    const { learnerId, courseId } = await enrolledLearner(deps);
    await reportProgress(deps, learnerId, courseId, { progress: 100, durationSeconds: 0 });
    await expect(
      deps.db.insert(earnedAchievements).values({ accountId: learnerId, achievementId: 2, earnedAt: 1 }).run(),
    ).rejects.toThrow();
    const rows = await deps.db
      .select()
      .from(earnedAchievements)
      .where(and(eq(earnedAchievements.accountId, learnerId), eq(earnedAchievements.achievementId, 2)))
      .all();
    expect(rows).toHaveLength(1);
  });
});
