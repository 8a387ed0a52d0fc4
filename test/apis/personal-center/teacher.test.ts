import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { courseEnrollments, courseFavorites } from '../../../src/db/schema';
import { testDeps } from '../../helpers/deps';
import {
  api,
  courseRow,
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

const vue = {
  course_name: 'Vue3 全栈开发实战',
  course_desc: '从零开始学习Vue3框架，包含TypeScript、Pinia、Vue Router等核心技术栈',
  category_id: 5,
  difficulty_level: 'intermediate',
  course_duration: 7200,
  cover_img: '/uploads/courses/vue3-cover.jpg',
};

describe('POST /api/teacher/courses', () => {
  it('creates an unpublished course with the documented response', async () => {
    const t = await instructor('测试教师01');
    const res = await api('POST', '/api/teacher/courses', t.token, { json: vue });
    const data = expectOk(res, '课程创建成功');
    expect(data.course).toEqual({
      course_id: expect.any(Number),
      ...vue,
      teacher_user_id: t.id,
      is_online: 0,
      category_name: '前端开发',
      teacher_name: '测试教师01',
      enrolled_count: 0,
      avg_rating: null,
      rating_count: 0,
      created_time: expect.stringMatching(ISO_MS),
      updated_time: expect.stringMatching(ISO_MS),
      materials: [],
    });
    expect((await courseRow(data.course.course_id))?.teacherId).toBe(t.id);
  });

  it('defaults difficulty to beginner and duration to 0', async () => {
    const t = await instructor();
    const { course } = expectOk(await api('POST', '/api/teacher/courses', t.token, { json: { course_name: '最小课程', category_id: 1 } }));
    expect(course).toMatchObject({ difficulty_level: 'beginner', course_duration: 0, course_desc: null, cover_img: null });
  });

  it('validates fields (400) and refuses an unknown category (422)', async () => {
    const t = await instructor();
    const cases: [Record<string, unknown>, number, RegExp | string][] = [
      [{ course_name: '' }, 400, /course_name: 不能为空/],
      [{ course_name: 'x'.repeat(101) }, 400, /course_name: 不能超过 100 个字符/],
      [{ difficulty_level: 'expert' }, 400, /difficulty_level/],
      [{ course_duration: -1 }, 400, /course_duration: 不能小于 0/],
      [{ course_duration: 1.5 }, 400, /course_duration/],
      [{ category_id: '5' }, 400, /category_id/],
      [{ cover_img: 'javascript:alert(1)' }, 400, /cover_img/],
      [{ category_id: 999 }, 422, '课程分类不存在'],
    ];
    for (const [patch, status, message] of cases)
      expectError(await api('POST', '/api/teacher/courses', t.token, { json: { ...vue, ...patch } }), status, message);
    expect(expectOk(await api('GET', '/api/teacher/courses', t.token))).toEqual([]);
  });

  it('ignores fields a teacher may not set (teacher, state, ids): none of them is assigned', async () => {
    const t = await instructor();
    const other = await instructor();
    const extra = { teacher_user_id: other.id, is_online: 1, course_id: 1, category_name: 'x', enrolled_count: 99 };
    const made = expectOk(await api('POST', '/api/teacher/courses', t.token, { json: { ...vue, ...extra } })).course;
    expect(made.course_id).not.toBe(1);
    expect(expectOk(await api('GET', '/api/teacher/courses', other.token))).toEqual([]);
    const [mine] = expectOk(await api('GET', '/api/teacher/courses', t.token));
    expect(mine).toMatchObject({
      course_id: made.course_id,
      teacher_user_id: t.id,
      is_online: 0,
      category_name: '前端开发',
      enrolled_count: 0,
    });
  });

  it('needs a valid instructor token', async () => {
    const t = await instructor();
    await expectUnauthenticated(t, (token) => api('POST', '/api/teacher/courses', token, { json: vue }));
    expectError(await api('POST', '/api/teacher/courses', (await learner()).token, { json: vue }), 403, '仅教师账号可以访问');
    expect(expectOk(await api('GET', '/api/teacher/courses', t.token))).toEqual([]);
  });
});

describe('GET /api/teacher/courses', () => {
  it('lists only my courses, published or not, newest first', async () => {
    const t = await instructor();
    const other = await instructor();
    const a = await newCourse(t);
    const b = await publishedCourse(t);
    await newCourse(other);
    const data = expectOk(await api('GET', '/api/teacher/courses', t.token));
    expect(data.map((c: any) => [c.course_id, c.is_online])).toEqual([
      [b.course_id, 1],
      [a.course_id, 0],
    ]);
    expect(data[0]).toHaveProperty('materials');
  });
});

describe('PUT /api/teacher/courses/{courseId}', () => {
  it('updates any subset of fields of my course', async () => {
    const t = await instructor();
    const course = await newCourse(t, vue);
    const res = await api('PUT', `/api/teacher/courses/${course.course_id}`, t.token, {
      json: {
        course_name: 'Vue3 全栈开发实战（2025版）',
        course_desc: '2025年最新Vue3课程，包含最新特性和最佳实践',
        difficulty_level: 'advanced',
        course_duration: 10800,
        cover_img: '/uploads/courses/vue3-2025.jpg',
      },
    });
    const data = expectOk(res, '课程更新成功');
    expect(data.course).toMatchObject({
      course_id: course.course_id,
      course_name: 'Vue3 全栈开发实战（2025版）',
      difficulty_level: 'advanced',
      course_duration: 10800,
      cover_img: '/uploads/courses/vue3-2025.jpg',
      category_id: 5,
      category_name: '前端开发',
    });
    const second = expectOk(
      await api('PUT', `/api/teacher/courses/${course.course_id}`, t.token, { json: { category_id: 2, course_desc: null } }),
    );
    expect(second.course).toMatchObject({
      course_name: 'Vue3 全栈开发实战（2025版）',
      category_id: 2,
      category_name: '后端开发',
      course_desc: null,
    });
  });

  it('refuses another teacher with 403 and leaves the course unchanged', async () => {
    const t = await instructor();
    const course = await newCourse(t);
    const before = await courseRow(course.course_id);
    const other = await instructor();
    expectError(
      await api('PUT', `/api/teacher/courses/${course.course_id}`, other.token, { json: { course_name: '抢走' } }),
      403,
      '无权访问该课程',
    );
    expect(await courseRow(course.course_id)).toEqual(before);
  });

  it('answers 404 for unknown courses, 422 for an unknown category; ignores fields a teacher may not set', async () => {
    const t = await instructor();
    const course = await newCourse(t);
    expectError(await api('PUT', '/api/teacher/courses/999999', t.token, { json: { course_name: 'x' } }), 404, '课程不存在或未上线');
    expectError(
      await api('PUT', `/api/teacher/courses/${course.course_id}`, t.token, { json: { category_id: 12345 } }),
      422,
      '课程分类不存在',
    );
    const other = await instructor();
    expectOk(
      await api('PUT', `/api/teacher/courses/${course.course_id}`, t.token, {
        json: { course_name: '改名', teacher_user_id: other.id, is_online: 1 },
      }),
    );
    const [mine] = expectOk(await api('GET', '/api/teacher/courses', t.token));
    expect(mine).toMatchObject({ course_id: course.course_id, course_name: '改名', teacher_user_id: t.id, is_online: 0 });
    expect((await courseRow(course.course_id))?.isOnline).toBe(false);
  });
});

describe('PATCH /api/teacher/courses/{courseId}/toggle', () => {
  it('publishes and unpublishes', async () => {
    const t = await instructor();
    const course = await newCourse(t);
    expect(expectOk(await api('PATCH', `/api/teacher/courses/${course.course_id}/toggle`, t.token))).toEqual({
      message: '课程已发布',
      is_online: 1,
    });
    expect(expectOk(await api('PATCH', `/api/teacher/courses/${course.course_id}/toggle`, t.token))).toEqual({
      message: '课程已下线',
      is_online: 0,
    });
  });

  it('is the owner’s only', async () => {
    const t = await instructor();
    const course = await newCourse(t);
    expectError(await api('PATCH', `/api/teacher/courses/${course.course_id}/toggle`, (await instructor()).token), 403, '无权访问该课程');
    expectError(await api('PATCH', `/api/teacher/courses/${course.course_id}/toggle`, (await learner()).token), 403);
    expect((await courseRow(course.course_id))?.isOnline).toBe(false);
    expectError(await api('PATCH', '/api/teacher/courses/999999/toggle', t.token), 404);
  });
});

describe('DELETE /api/teacher/courses/{courseId}', () => {
  it('removes a course nobody enrolled in, with its favorites', async () => {
    const t = await instructor();
    const course = await publishedCourse(t);
    const s = await learner();
    expectOk(await api('POST', `/api/student/favorites/${course.course_id}`, s.token));
    expect(expectOk(await api('DELETE', `/api/teacher/courses/${course.course_id}`, t.token)).message).toBe('课程删除成功');
    expect(await courseRow(course.course_id)).toBeUndefined();
    expect(await testDeps().db.select().from(courseFavorites).where(eq(courseFavorites.courseId, course.course_id)).all()).toEqual([]);
    expectError(await api('DELETE', `/api/teacher/courses/${course.course_id}`, t.token), 404);
  });

  it('takes a course with enrollments offline and hides it; learners keep their history', async () => {
    const t = await instructor();
    const course = await publishedCourse(t);
    const s = await learner();
    await enrolled(s, course.course_id);
    expectOk(await api('PUT', `/api/student/courses/${course.course_id}/progress`, s.token, { json: { progress: 40, duration: 600 } }));
    const res = expectOk(await api('DELETE', `/api/teacher/courses/${course.course_id}`, t.token));
    expect(res.message).toMatch(/已下线并隐藏/);
    const row = await courseRow(course.course_id);
    expect(row?.isOnline).toBe(false);
    expect(row?.deletedAt).not.toBeNull();
    expect(expectOk(await api('GET', '/api/teacher/courses', t.token))).toEqual([]);
    expectError(await api('GET', `/api/teacher/courses/${course.course_id}/students`, t.token), 404);
    expectError(await api('PATCH', `/api/teacher/courses/${course.course_id}/toggle`, t.token), 404);
    expectError(await api('GET', `/api/courses/${course.course_id}`), 404);
    const mine = expectOk(await api('GET', '/api/student/courses', s.token));
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ course_id: course.course_id, progress: 40, is_deleted: 1, is_online: 0 });
    expect(expectOk(await api('GET', '/api/student/stats', s.token))).toMatchObject({ total_courses: 1, courses_in_progress: 1 });
    expect(await testDeps().db.select().from(courseEnrollments).where(eq(courseEnrollments.courseId, course.course_id)).all()).toHaveLength(
      1,
    );
    expect(expectOk(await api('GET', '/api/teacher/stats', t.token))).toMatchObject({ total_courses: 0, total_students: 0 });
  });

  it('is the owner’s only', async () => {
    const t = await instructor();
    const course = await newCourse(t);
    expectError(await api('DELETE', `/api/teacher/courses/${course.course_id}`, (await instructor()).token), 403, '无权访问该课程');
    expect(await courseRow(course.course_id)).toBeDefined();
  });
});

describe('GET /api/teacher/courses/{courseId}/students', () => {
  it('lists the learners with their progress', async () => {
    const t = await instructor();
    const course = await publishedCourse(t);
    const a = await learner('学生甲');
    const b = await learner('学生乙');
    await enrolled(a, course.course_id);
    await enrolled(b, course.course_id);
    expectOk(await api('PUT', `/api/student/courses/${course.course_id}/progress`, a.token, { json: { progress: 100, duration: 120 } }));
    const data = expectOk(await api('GET', `/api/teacher/courses/${course.course_id}/students`, t.token));
    expect(data.map((r: any) => r.user_id)).toEqual([b.id, a.id]);
    expect(data[1]).toEqual({
      user_id: a.id,
      user_name: '学生甲',
      email: `${a.email[0]}***@example.test`, // masked for the instructor (contact-privacy.test.ts)
      avatar_url: null,
      progress: 100,
      study_duration: 120,
      enroll_time: expect.stringMatching(ISO_MS),
      last_study_time: expect.stringMatching(ISO_MS),
      is_completed: 1,
      completed_time: expect.stringMatching(ISO_MS),
    });
    expect(data[0]).toMatchObject({ progress: 0, is_completed: 0, last_study_time: null, completed_time: null });
    expect(JSON.stringify(data)).not.toContain(a.phone);
  });

  it('refuses another teacher with 403 无权访问该课程', async () => {
    const t = await instructor();
    const course = await publishedCourse(t);
    const res = await api('GET', `/api/teacher/courses/${course.course_id}/students`, (await instructor()).token);
    expect(res.body).toEqual({ status: 'error', message: '无权访问该课程' });
    expect(res.status).toBe(403);
  });
});

describe('GET /api/teacher/stats', () => {
  it('is all zero / null for a new teacher, as the document shows', async () => {
    const t = await instructor();
    expect(expectOk(await api('GET', '/api/teacher/stats', t.token))).toEqual({
      total_courses: 0,
      total_students: 0,
      total_duration: null,
      avg_rating: null,
    });
  });

  it('counts my courses, distinct learners, course durations and the mean of all ratings', async () => {
    const t = await instructor();
    const c1 = await publishedCourse(t, { course_duration: 3600 });
    const c2 = await publishedCourse(t, { course_duration: 1800 });
    await newCourse(t, { course_duration: 600 });
    const [s1, s2] = [await learner(), await learner()];
    for (const s of [s1, s2]) await enrolled(s, c1.course_id);
    await enrolled(s1, c2.course_id);
    for (const [s, c, rating] of [
      [s1, c1, 5],
      [s2, c1, 4],
      [s1, c2, 3],
    ] as const) {
      expectOk(await api('POST', `/api/student/courses/${c.course_id}/rating`, s.token, { json: { rating } }));
    }
    expect(expectOk(await api('GET', '/api/teacher/stats', t.token))).toEqual({
      total_courses: 3,
      total_students: 2,
      total_duration: 6000,
      avg_rating: 4,
    });
    // A second rating by the same learner replaces the first.
    expectOk(await api('POST', `/api/student/courses/${c2.course_id}/rating`, s1.token, { json: { rating: 5 } }));
    expect(expectOk(await api('GET', '/api/teacher/stats', t.token)).avg_rating).toBe(4.7);
  });
});
