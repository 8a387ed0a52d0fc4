import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { courseEnrollments, courseFavorites, courseRatings } from '../../src/db/schema';
import { testDeps } from '../helpers/deps';
import { actor, actors, enrolledIn, publishedCourse } from './actors';
import { burst, request, split } from './burst';

// Personal-center courses: enrolments, favorites and ratings (enrolled_count and rating_count are what every course view shows).
const N = 12;
const db = () => testDeps().db;
const enrollments = (courseId: number) => db().select().from(courseEnrollments).where(eq(courseEnrollments.courseId, courseId)).all();
const favorites = (accountId: number, courseId: number) =>
  db()
    .select()
    .from(courseFavorites)
    .where(and(eq(courseFavorites.accountId, accountId), eq(courseFavorites.courseId, courseId)))
    .all();
const ratings = (courseId: number) => db().select().from(courseRatings).where(eq(courseRatings.courseId, courseId)).all();
const courseView = async (id: number) => (await request('GET', `/api/courses/${id}`)).body.data;
const messages = (results: { body: any }[]) => results.map((r) => r.body.data.message as string);
const count = (list: string[], value: string) => list.filter((m) => m === value).length;

describe(`enrolments at once`, () => {
  it(`one learner enrolling ${N} times: one enrolment, one 报名成功, the others 您已报名该课程; 初次报名 earned once`, async () => {
    const courseId = await publishedCourse(await actor('teacher'));
    const s = await actor();
    const results = await burst(N, () => request('POST', `/api/student/enroll/${courseId}`, { token: s.token }));
    split(results, 200, N, 0);
    expect(count(messages(results), '报名成功')).toBe(1);
    expect(count(messages(results), '您已报名该课程')).toBe(N - 1);
    expect(results.flatMap((r) => r.body.data.new_achievements)).toHaveLength(1);
    expect(await enrollments(courseId)).toHaveLength(1);
    expect((await courseView(courseId)).enrolled_count).toBe(1);
  });

  it(`${N} learners enrolling in one course: N enrolments; enrolled_count and the teacher's student list say N`, async () => {
    const teacher = await actor('teacher');
    const courseId = await publishedCourse(teacher);
    const learners = await actors(N);
    const results = await burst(N, (i) => request('POST', `/api/student/enroll/${courseId}`, { token: learners[i]!.token }));
    split(results, 200, N, 0);
    expect(count(messages(results), '报名成功')).toBe(N);
    expect(await enrollments(courseId)).toHaveLength(N);
    expect((await courseView(courseId)).enrolled_count).toBe(N);
    const students = await request('GET', `/api/teacher/courses/${courseId}/students`, { token: teacher.token });
    expect(students.body.data.map((r: { user_id: number }) => r.user_id).sort()).toEqual(learners.map((l) => l.id).sort());
  });
});

describe(`favorites at once`, () => {
  it(`one learner favoriting one course ${N} times: one row, one 收藏成功; removing ${N} times: none, one 已取消收藏`, async () => {
    const courseId = await publishedCourse(await actor('teacher'));
    const s = await actor();
    const added = await burst(N, () => request('POST', `/api/student/favorites/${courseId}`, { token: s.token }));
    split(added, 200, N, 0);
    expect(count(messages(added), '收藏成功')).toBe(1);
    expect(count(messages(added), '已收藏该课程')).toBe(N - 1);
    expect(await favorites(s.id, courseId)).toHaveLength(1);

    const removed = await burst(N, () => request('DELETE', `/api/student/favorites/${courseId}`, { token: s.token }));
    split(removed, 200, N, 0);
    expect(count(messages(removed), '已取消收藏')).toBe(1);
    expect(await favorites(s.id, courseId)).toEqual([]);
  });
});

describe(`ratings at once`, () => {
  it(`one learner rating one course ${N} times: one row, exactly one 评价成功 and the others 评价已更新; 评价达人 earned once`, async () => {
    const courseId = await publishedCourse(await actor('teacher'));
    const s = await actor();
    await enrolledIn(s, courseId);
    const results = await burst(N, (i) =>
      request('POST', `/api/student/courses/${courseId}/rating`, { token: s.token, json: { rating: 1 + (i % 5) } }),
    );
    split(results, 200, N, 0);
    expect(count(messages(results), '评价成功'), messages(results).join(' ')).toBe(1);
    expect(count(messages(results), '评价已更新')).toBe(N - 1);
    expect(results.flatMap((r) => r.body.data.new_achievements ?? [])).toHaveLength(1);
    const rows = await ratings(courseId);
    expect(rows).toHaveLength(1);
    expect((await courseView(courseId)).rating_count).toBe(1);
  });

  it(`${N} learners rating one course: rating_count N, avg_rating their mean`, async () => {
    const courseId = await publishedCourse(await actor('teacher'));
    const learners = await actors(N);
    for (const l of learners) await enrolledIn(l, courseId);
    const results = await burst(N, (i) =>
      request('POST', `/api/student/courses/${courseId}/rating`, { token: learners[i]!.token, json: { rating: i % 2 ? 5 : 4 } }),
    );
    split(results, 200, N, 0);
    expect(count(messages(results), '评价成功')).toBe(N);
    expect(await ratings(courseId)).toHaveLength(N);
    expect(await courseView(courseId)).toMatchObject({ rating_count: N, avg_rating: 4.5 });
  });
});
