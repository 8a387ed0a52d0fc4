import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { earnedAchievements } from '../../src/db/schema';
import { testDeps } from '../helpers/deps';
import { actor, enrolledIn, publishedCourse } from './actors';
import { burst, request, split } from './burst';

// Personal-center achievements are awarded inside the batch of the write that crosses the threshold.
const N = 12;
const earned = (accountId: number) =>
  testDeps().db.select().from(earnedAchievements).where(eq(earnedAchievements.accountId, accountId)).all();
const earnedRows = (accountId: number, id: number) =>
  testDeps()
    .db.select()
    .from(earnedAchievements)
    .where(and(eq(earnedAchievements.accountId, accountId), eq(earnedAchievements.achievementId, id)))
    .all();
const awardedIn = (results: { body: any }[]) =>
  results.flatMap((r) => (r.body.data.new_achievements as { achievement_id: number }[]).map((a) => a.achievement_id));
const report = (courseId: number, token: string, json: { progress: number; duration: number }) =>
  request('PUT', `/api/student/courses/${courseId}/progress`, { token, json });

describe('parallel progress reports crossing thresholds', () => {
  it(`${N} reports of 100% and one hour on one course: 初次完成 and 勤学苦练 (10 h) each earned exactly once, in one response and one row`, async () => {
    const courseId = await publishedCourse(await actor('teacher'));
    const s = await actor();
    await enrolledIn(s, courseId);
    const results = await burst(N, () => report(courseId, s.token, { progress: 100, duration: 3600 }));
    split(results, 200, N, 0);
    const awarded = awardedIn(results);
    expect(awarded.sort()).toEqual([2, 5]);
    for (const id of [2, 5]) expect(await earnedRows(s.id, id)).toHaveLength(1);
    expect(results.filter((r) => r.body.data.message === '恭喜完成课程')).toHaveLength(1);
  });

  it(`completing 5 courses at once: 初次完成 and 学有所成 (5 courses) each exactly once`, async () => {
    const teacher = await actor('teacher');
    const s = await actor();
    const courseIds: number[] = [];
    for (let i = 0; i < 5; i++) {
      const id = await publishedCourse(teacher);
      await enrolledIn(s, id);
      courseIds.push(id);
    }
    const results = await burst(courseIds.length, (i) => report(courseIds[i]!, s.token, { progress: 100, duration: 60 }));
    split(results, 200, courseIds.length, 0);
    expect(awardedIn(results).sort()).toEqual([2, 3]);
    expect((await earned(s.id)).map((e) => e.achievementId).sort((a, b) => a - b)).toEqual([1, 2, 3]);
  });

  it(`enrolling in ${N} courses at once: 启程 exactly once`, async () => {
    const teacher = await actor('teacher');
    const courseIds: number[] = [];
    for (let i = 0; i < N; i++) courseIds.push(await publishedCourse(teacher));
    const s = await actor();
    const results = await burst(N, (i) => request('POST', `/api/student/enroll/${courseIds[i]}`, { token: s.token }));
    split(results, 200, N, 0);
    expect(awardedIn(results)).toEqual([1]);
    expect(await earnedRows(s.id, 1)).toHaveLength(1);
  });
});
