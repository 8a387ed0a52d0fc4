import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { courseEnrollments, courseProgressEvents, courseRatings } from '../../../src/db/schema';
import { testDeps } from '../../helpers/deps';
import {
  api,
  enrolled,
  expectError,
  expectOk,
  expectUnauthenticated,
  instructor,
  ISO_MS,
  learner,
  newCourse,
  publishedCourse,
} from './support';

const enrollmentsOf = (accountId: number, courseId: number) =>
  testDeps()
    .db.select()
    .from(courseEnrollments)
    .where(and(eq(courseEnrollments.accountId, accountId), eq(courseEnrollments.courseId, courseId)))
    .all();
const progress = (token: string, courseId: number, json: unknown) =>
  api('PUT', `/api/student/courses/${courseId}/progress`, token, { json });

describe('POST /api/student/enroll/{courseId}', () => {
  it('enrolls in a published course; enrolling twice keeps one enrollment', async () => {
    const t = await instructor();
    const course = await publishedCourse(t);
    const s = await learner();
    const first = expectOk(await api('POST', `/api/student/enroll/${course.course_id}`, s.token));
    expect(first.message).toBe('报名成功');
    expect(first.new_achievements.map((a: any) => a.achievement_id)).toEqual([1]);
    expectOk(await progress(s.token, course.course_id, { progress: 30 }));
    const second = expectOk(await api('POST', `/api/student/enroll/${course.course_id}`, s.token));
    expect(second).toEqual({ message: '您已报名该课程', new_achievements: [] });
    const rows = await enrollmentsOf(s.id, course.course_id);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.progress).toBe(30);
  });

  it('refuses unpublished and unknown courses with 404', async () => {
    const t = await instructor();
    const draft = await newCourse(t);
    const s = await learner();
    expectError(await api('POST', `/api/student/enroll/${draft.course_id}`, s.token), 404, '课程不存在或未上线');
    expectError(await api('POST', '/api/student/enroll/999999', s.token), 404);
    expectError(await api('POST', '/api/student/enroll/abc', s.token), 400);
    expect(await enrollmentsOf(s.id, draft.course_id)).toEqual([]);
  });

  it('is for learners: instructors get 403, nobody unauthenticated', async () => {
    const t = await instructor();
    const course = await publishedCourse(t);
    expectError(await api('POST', `/api/student/enroll/${course.course_id}`, t.token), 403, '仅学生账号可以访问');
    expect(await enrollmentsOf(t.id, course.course_id)).toEqual([]);
    const s = await learner();
    await expectUnauthenticated(s, (token) => api('POST', `/api/student/enroll/${course.course_id}`, token));
    expect(await enrollmentsOf(s.id, course.course_id)).toEqual([]);
  });
});

describe('PUT /api/student/courses/{courseId}/progress', () => {
  it('records progress that never moves backwards; 100 completes once and the completion time is kept', async () => {
    const t = await instructor();
    const course = await publishedCourse(t);
    const s = await learner();
    await enrolled(s, course.course_id);
    const a = expectOk(await progress(s.token, course.course_id, { progress: 60, duration: 300 }));
    expect(a).toMatchObject({ message: '进度更新成功', progress: 60, is_completed: 0, completed_time: null });
    const back = expectOk(await progress(s.token, course.course_id, { progress: 20, duration: 60 }));
    expect(back.progress).toBe(60);
    const done = expectOk(await progress(s.token, course.course_id, { progress: 100, duration: 120 }));
    expect(done).toMatchObject({ message: '恭喜完成课程', progress: 100, is_completed: 1, completed_time: expect.stringMatching(ISO_MS) });
    const again = expectOk(await progress(s.token, course.course_id, { progress: 100, duration: 30 }));
    expect(again.message).toBe('进度更新成功');
    expect(again.completed_time).toBe(done.completed_time);
    const [row] = await enrollmentsOf(s.id, course.course_id);
    expect(row).toMatchObject({ progress: 100, studySeconds: 510 });
    const events = await testDeps().db.select().from(courseProgressEvents).where(eq(courseProgressEvents.accountId, s.id)).all();
    expect(events.map((e) => [e.progress, e.durationSeconds])).toEqual([
      [60, 300],
      [60, 60],
      [100, 120],
      [100, 30],
    ]);
    const [mine] = expectOk(await api('GET', '/api/student/courses', s.token));
    expect(mine).toMatchObject({
      progress: 100,
      is_completed: 1,
      completed_time: done.completed_time,
      study_duration: 510,
      last_study_time: expect.stringMatching(ISO_MS),
    });
  });

  it('takes the seconds as study_duration too (the name the course list uses), but not both names at once', async () => {
    const t = await instructor();
    const course = await publishedCourse(t);
    const s = await learner();
    await enrolled(s, course.course_id);
    expectOk(await progress(s.token, course.course_id, { progress: 10, study_duration: 90 }));
    expectError(
      await progress(s.token, course.course_id, { progress: 20, duration: 5, study_duration: 5 }),
      400,
      /只能提供 duration 或 study_duration 之一/,
    );
    const [row] = await enrollmentsOf(s.id, course.course_id);
    expect(row).toMatchObject({ progress: 10, studySeconds: 90 });
  });

  it('duration is optional; fractional progress is floored', async () => {
    const t = await instructor();
    const course = await publishedCourse(t);
    const s = await learner();
    await enrolled(s, course.course_id);
    expect(expectOk(await progress(s.token, course.course_id, { progress: 99.9 })).progress).toBe(99);
    expect((await enrollmentsOf(s.id, course.course_id))[0]!.completedAt).toBeNull();
  });

  it('refuses a learner not enrolled in the course with 403, writing nothing', async () => {
    const t = await instructor();
    const course = await publishedCourse(t);
    const s = await learner();
    expectError(await progress(s.token, course.course_id, { progress: 50, duration: 100 }), 403, '您尚未报名该课程');
    expect(await enrollmentsOf(s.id, course.course_id)).toEqual([]);
    expect(await testDeps().db.select().from(courseProgressEvents).where(eq(courseProgressEvents.accountId, s.id)).all()).toEqual([]);
    expectError(await progress(s.token, 999999, { progress: 50 }), 404);
  });

  it('validates the body', async () => {
    const t = await instructor();
    const course = await publishedCourse(t);
    const s = await learner();
    await enrolled(s, course.course_id);
    for (const body of [
      { progress: 101 },
      { progress: -1 },
      { progress: '50' },
      {},
      { progress: 50, duration: 86401 },
      { progress: 50, duration: -5 },
    ]) {
      expectError(await progress(s.token, course.course_id, body), 400);
    }
    expect((await enrollmentsOf(s.id, course.course_id))[0]).toMatchObject({ progress: 0, studySeconds: 0, lastStudyAt: null });
  });

  it('ignores unknown fields: a completion or rating sent along is not assigned', async () => {
    const t = await instructor();
    const course = await publishedCourse(t);
    const s = await learner();
    await enrolled(s, course.course_id);
    expectOk(await progress(s.token, course.course_id, { progress: 50, completed: true, is_completed: 1, my_rating: 5, user_id: t.id }));
    const mine = expectOk(await api('GET', '/api/student/courses', s.token)).find(
      (c: { course_id: number }) => c.course_id === course.course_id,
    );
    expect(mine).toMatchObject({ progress: 50, is_completed: 0, completed_time: null, my_rating: null });
  });
});

describe('GET /api/student/courses', () => {
  it('lists my courses, most recently studied first, with progress, my rating and materials', async () => {
    const t = await instructor('周老师');
    const [c1, c2, c3] = [await publishedCourse(t), await publishedCourse(t), await publishedCourse(t)];
    const other = await publishedCourse(t);
    const s = await learner();
    for (const c of [c1, c2, c3]) await enrolled(s, c.course_id);
    expectOk(await progress(s.token, c1.course_id, { progress: 10 }));
    expectOk(await progress(s.token, c2.course_id, { progress: 20 }));
    expectOk(await api('POST', `/api/student/courses/${c2.course_id}/rating`, s.token, { json: { rating: 4 } }));
    const data = expectOk(await api('GET', '/api/student/courses', s.token));
    expect(data.map((c: any) => c.course_id)).toEqual([c2.course_id, c1.course_id, c3.course_id]);
    expect(data.map((c: any) => c.course_id)).not.toContain(other.course_id);
    expect(data[0]).toMatchObject({
      teacher_name: '周老师',
      progress: 20,
      my_rating: 4,
      is_deleted: 0,
      materials: [],
      enroll_time: expect.stringMatching(ISO_MS),
    });
    expect(data[2]).toMatchObject({ progress: 0, last_study_time: null, my_rating: null });
  });

  it('is empty for a new learner and forbidden for instructors', async () => {
    expect(expectOk(await api('GET', '/api/student/courses', (await learner()).token))).toEqual([]);
    expectError(await api('GET', '/api/student/courses', (await instructor()).token), 403);
  });
});

describe('GET /api/student/stats', () => {
  it('starts at zero', async () => {
    const s = await learner();
    expect(expectOk(await api('GET', '/api/student/stats', s.token))).toEqual({
      total_learning_hours: 0,
      courses_completed: 0,
      courses_in_progress: 0,
      total_courses: 0,
      continuous_days: 0,
    });
  });

  it('sums durations into hours with one decimal and counts courses; today’s study makes a one-day streak', async () => {
    const t = await instructor();
    const [c1, c2, c3] = [await publishedCourse(t), await publishedCourse(t), await publishedCourse(t)];
    const s = await learner();
    for (const c of [c1, c2, c3]) await enrolled(s, c.course_id);
    expectOk(await progress(s.token, c1.course_id, { progress: 100, duration: 3600 }));
    expectOk(await progress(s.token, c2.course_id, { progress: 50, duration: 1800 }));
    expectOk(await progress(s.token, c2.course_id, { progress: 60, duration: 700 }));
    expect(expectOk(await api('GET', '/api/student/stats', s.token))).toEqual({
      total_learning_hours: 1.7,
      courses_completed: 1,
      courses_in_progress: 2,
      total_courses: 3,
      continuous_days: 1,
    });
  });
});

describe('POST /api/student/courses/{courseId}/rating', () => {
  it('rates an enrolled course; a second call updates the one rating', async () => {
    const t = await instructor();
    const course = await publishedCourse(t);
    const s = await learner();
    await enrolled(s, course.course_id);
    const first = expectOk(
      await api('POST', `/api/student/courses/${course.course_id}/rating`, s.token, { json: { rating: 3, comment: '还行' } }),
    );
    expect(first).toMatchObject({ message: '评价成功', rating: 3, comment: '还行' });
    expect(first.new_achievements.map((a: any) => a.name)).toEqual(['热心评价']);
    const second = expectOk(await api('POST', `/api/student/courses/${course.course_id}/rating`, s.token, { json: { rating: 5 } }));
    expect(second).toEqual({ message: '评价已更新', rating: 5, comment: null, new_achievements: [] });
    const rows = await testDeps().db.select().from(courseRatings).where(eq(courseRatings.courseId, course.course_id)).all();
    expect(rows.map((r) => [r.accountId, r.rating])).toEqual([[s.id, 5]]);
    expect(expectOk(await api('GET', `/api/courses/${course.course_id}`))).toMatchObject({ avg_rating: 5, rating_count: 1 });
    expect(expectOk(await api('GET', '/api/teacher/stats', t.token)).avg_rating).toBe(5);
  });

  it('refuses learners who are not enrolled (403) and bad ratings (400), writing nothing', async () => {
    const t = await instructor();
    const course = await publishedCourse(t);
    const s = await learner();
    expectError(
      await api('POST', `/api/student/courses/${course.course_id}/rating`, s.token, { json: { rating: 5 } }),
      403,
      '您尚未报名该课程',
    );
    await enrolled(s, course.course_id);
    for (const json of [{ rating: 0 }, { rating: 6 }, { rating: 4.5 }, {}, { rating: 5, comment: 'x'.repeat(1001) }]) {
      expectError(await api('POST', `/api/student/courses/${course.course_id}/rating`, s.token, { json }), 400);
    }
    expect(await testDeps().db.select().from(courseRatings).where(eq(courseRatings.courseId, course.course_id)).all()).toEqual([]);
    // An account id sent along is ignored: the rating is the caller's.
    expectOk(await api('POST', `/api/student/courses/${course.course_id}/rating`, s.token, { json: { rating: 4, account_id: t.id } }));
    expect(
      expectOk(await api('GET', '/api/student/courses', s.token)).find((c: { course_id: number }) => c.course_id === course.course_id)
        .my_rating,
    ).toBe(4);
    expectError(await api('POST', '/api/student/courses/999999/rating', s.token, { json: { rating: 5 } }), 404);
    expectError(
      await api('POST', `/api/student/courses/${course.course_id}/rating`, t.token, { json: { rating: 5 } }),
      403,
      '仅学生账号可以访问',
    );
  });
});

describe('favorites', () => {
  it('adds, lists (newest first) and removes, idempotently', async () => {
    const t = await instructor();
    const [a, b] = [await publishedCourse(t), await publishedCourse(t)];
    const s = await learner();
    expect(expectOk(await api('POST', `/api/student/favorites/${a.course_id}`, s.token))).toEqual({ message: '收藏成功' });
    expect(expectOk(await api('POST', `/api/student/favorites/${a.course_id}`, s.token))).toEqual({ message: '已收藏该课程' });
    expectOk(await api('POST', `/api/student/favorites/${b.course_id}`, s.token));
    const list = expectOk(await api('GET', '/api/student/favorites', s.token));
    expect(list.map((c: any) => c.course_id)).toEqual([b.course_id, a.course_id]);
    expect(list[0]).toMatchObject({ course_name: b.course_name, favorite_time: expect.stringMatching(ISO_MS), category_name: '前端开发' });
    expect(expectOk(await api('DELETE', `/api/student/favorites/${a.course_id}`, s.token))).toEqual({ message: '已取消收藏' });
    expect(expectOk(await api('DELETE', `/api/student/favorites/${a.course_id}`, s.token))).toEqual({ message: '该课程不在收藏中' });
    expect(expectOk(await api('GET', '/api/student/favorites', s.token)).map((c: any) => c.course_id)).toEqual([b.course_id]);
  });

  it('keeps a favorite that goes offline in the list (is_online 0)', async () => {
    const t = await instructor();
    const c = await publishedCourse(t);
    const s = await learner();
    expectOk(await api('POST', `/api/student/favorites/${c.course_id}`, s.token));
    expectOk(await api('PATCH', `/api/teacher/courses/${c.course_id}/toggle`, t.token));
    expect(expectOk(await api('GET', '/api/student/favorites', s.token))[0]).toMatchObject({ course_id: c.course_id, is_online: 0 });
  });

  it('answers 404 for unknown or unpublished courses; instructors get 403', async () => {
    const t = await instructor();
    const draft = await newCourse(t);
    const s = await learner();
    expectError(await api('POST', '/api/student/favorites/999999', s.token), 404);
    expectError(await api('DELETE', '/api/student/favorites/999999', s.token), 404);
    expectError(await api('POST', `/api/student/favorites/${draft.course_id}`, s.token), 404);
    expect(expectOk(await api('GET', '/api/student/favorites', s.token))).toEqual([]);
    expectError(await api('POST', `/api/student/favorites/${draft.course_id}`, t.token), 403);
    expectError(await api('GET', '/api/student/favorites', t.token), 403);
  });
});
