import { describe, expect, it } from 'vitest';
import { call } from '../../helpers/http';
import { api, enrolled, expectError, expectOk, instructor, ISO_MS, learner, newCourse, publishedCourse } from './support';

const tag = () => `标签${Math.random().toString(36).slice(2, 8)}`;

describe('GET /api/categories', () => {
  it('lists the seeded categories in order, including 5 前端开发, with published course counts', async () => {
    const t = await instructor();
    await publishedCourse(t, { category_id: 7 });
    await newCourse(t, { category_id: 7 });
    const data = expectOk(await call('GET', '/api/categories'));
    expect(data.length).toBeGreaterThanOrEqual(10);
    expect(data.find((c: any) => c.category_id === 5)).toMatchObject({ category_id: 5, category_name: '前端开发' });
    expect(data.map((c: any) => c.category_id)).toEqual([...data.map((c: any) => c.category_id)].sort((a: number, b: number) => a - b));
    const seven = data.find((c: any) => c.category_id === 7);
    expect(seven.course_count).toBeGreaterThanOrEqual(1);
    const publishedInSeven = expectOk(await call('GET', '/api/courses?category_id=7&page_size=100')).pagination.total;
    expect(seven.course_count).toBe(publishedInSeven);
  });
});

describe('GET /api/courses', () => {
  it('lists published courses only, newest first, with names and counts', async () => {
    const t = await instructor('王老师');
    const word = tag();
    const hidden = await newCourse(t, { course_name: `${word} 草稿` });
    const older = await publishedCourse(t, { course_name: `${word} 一` });
    const newer = await publishedCourse(t, { course_name: `${word} 二` });
    const data = expectOk(await call('GET', `/api/courses?q=${encodeURIComponent(word)}`));
    expect(data.courses.map((c: any) => c.course_id)).toEqual([newer.course_id, older.course_id]);
    expect(data.courses.map((c: any) => c.course_id)).not.toContain(hidden.course_id);
    expect(data.pagination).toEqual({ page: 1, page_size: 12, total: 2, total_pages: 1 });
    expect(data.courses[0]).toEqual({
      course_id: newer.course_id,
      course_name: `${word} 二`,
      course_desc: '介绍',
      cover_img: null,
      category_id: 5,
      teacher_user_id: t.id,
      difficulty_level: 'beginner',
      course_duration: 3600,
      is_online: 1,
      category_name: '前端开发',
      teacher_name: '王老师',
      enrolled_count: 0,
      avg_rating: null,
      rating_count: 0,
      created_time: expect.stringMatching(ISO_MS),
      updated_time: expect.stringMatching(ISO_MS),
    });
  });

  it('filters by text (name or description, literally), category and difficulty, and pages', async () => {
    const t = await instructor();
    const word = tag();
    const a = await publishedCourse(t, { course_name: `${word} Vue`, category_id: 5, difficulty_level: 'beginner' });
    const b = await publishedCourse(t, {
      course_name: 'Go 并发',
      course_desc: `关于 ${word} 的课`,
      category_id: 2,
      difficulty_level: 'advanced',
    });
    const c = await publishedCourse(t, { course_name: `${word} 100%_done`, category_id: 2, difficulty_level: 'intermediate' });
    const ids = async (query: string) => expectOk(await call('GET', `/api/courses?${query}`)).courses.map((x: any) => x.course_id);
    expect(await ids(`q=${word}`)).toEqual([c.course_id, b.course_id, a.course_id]);
    expect(await ids(`q=${word}&category_id=2`)).toEqual([c.course_id, b.course_id]);
    expect(await ids(`q=${word}&difficulty_level=advanced`)).toEqual([b.course_id]);
    expect(await ids(`q=${encodeURIComponent(`${word} 100%_`)}`)).toEqual([c.course_id]);
    expect(await ids(`q=${encodeURIComponent('%')}${word}`)).toEqual([]);
    const page2 = expectOk(await call('GET', `/api/courses?q=${word}&page=2&page_size=2`));
    expect(page2.courses.map((x: any) => x.course_id)).toEqual([a.course_id]);
    expect(page2.pagination).toEqual({ page: 2, page_size: 2, total: 3, total_pages: 2 });
  });

  it('refuses bad query parameters with 400', async () => {
    expectError(await call('GET', '/api/courses?page=0'), 400, /page/);
    expectError(await call('GET', '/api/courses?page_size=101'), 400, /page_size/);
    expectError(await call('GET', '/api/courses?category_id=abc'), 400, /category_id/);
    expectError(await call('GET', '/api/courses?difficulty_level=expert'), 400, /difficulty_level/);
  });
});

describe('GET /api/courses/{courseId}', () => {
  it('shows a published course with teacher name, enrolled count, average rating and materials, to anyone', async () => {
    const t = await instructor('李老师');
    const course = await publishedCourse(t);
    const [s1, s2] = [await learner(), await learner()];
    for (const [s, rating] of [
      [s1, 5],
      [s2, 4],
    ] as const) {
      await enrolled(s, course.course_id);
      expectOk(await api('POST', `/api/student/courses/${course.course_id}/rating`, s.token, { json: { rating } }));
    }
    const data = expectOk(await call('GET', `/api/courses/${course.course_id}`));
    expect(data).toMatchObject({
      course_id: course.course_id,
      teacher_name: '李老师',
      enrolled_count: 2,
      avg_rating: 4.5,
      rating_count: 2,
      materials: [],
    });
  });

  it('hides an unpublished course from anonymous visitors, learners and other teachers, not from its teacher', async () => {
    const t = await instructor();
    const course = await newCourse(t);
    expectError(await call('GET', `/api/courses/${course.course_id}`), 404, '课程不存在或未上线');
    expectError(await api('GET', `/api/courses/${course.course_id}`, (await learner()).token), 404);
    expectError(await api('GET', `/api/courses/${course.course_id}`, (await instructor()).token), 404);
    expect(expectOk(await api('GET', `/api/courses/${course.course_id}`, t.token)).is_online).toBe(0);
  });

  it('keeps showing a course to its enrolled learners after it is unpublished', async () => {
    const t = await instructor();
    const course = await publishedCourse(t);
    const s = await learner();
    await enrolled(s, course.course_id);
    expectOk(await api('PATCH', `/api/teacher/courses/${course.course_id}/toggle`, t.token));
    expectError(await call('GET', `/api/courses/${course.course_id}`), 404);
    expect(expectOk(await api('GET', `/api/courses/${course.course_id}`, s.token)).is_online).toBe(0);
  });

  it('answers 404 for unknown ids, 400 for bad ones, 401 for a bad token', async () => {
    expectError(await call('GET', '/api/courses/999999'), 404);
    expectError(await call('GET', '/api/courses/abc'), 400, /courseId/);
    expectError(await call('GET', '/api/courses/0'), 400);
    const t = await instructor();
    const course = await publishedCourse(t);
    expectError(await api('GET', `/api/courses/${course.course_id}`, 'garbage'), 401);
  });
});
