import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { courseCategories, courseEnrollments, courses } from '../../../src/db/schema';
import { CATEGORIES, ensureSeedData } from '../../../src/domain/courses/seed';
import { enroll } from '../../../src/domain/courses/enrollments';
import { createCourse, deleteCourse, teacherStats, toggleCourse, updateCourse } from '../../../src/domain/courses/teaching';
import { testDeps } from '../../helpers/deps';
import { account, publishedCourse } from './fixtures';

describe('course catalog seed', () => {
  it('holds the seeded categories with their fixed ids (5 is 前端开发), and seeding again changes nothing', async () => {
    const deps = testDeps();
    await ensureSeedData(deps);
    await ensureSeedData(deps);
    const rows = await deps.db.select().from(courseCategories).all();
    expect(rows.map((r) => [r.id, r.name])).toEqual(CATEGORIES.map((c) => [c.id, c.name]));
    expect(rows.find((r) => r.id === 5)?.name).toBe('前端开发');
  });
});

describe('teaching', () => {
  it('an enrollment racing a delete is never lost: either the course is hidden with it, or both are gone', async () => {
    const deps = testDeps();
    for (let i = 0; i < 6; i++) {
      const { courseId, teacherId } = await publishedCourse(deps);
      const learner = await account('student', deps);
      await Promise.allSettled([enroll(deps, learner.id, courseId), deleteCourse(deps, teacherId, courseId)]);
      const course = await deps.db.select().from(courses).where(eq(courses.id, courseId)).get();
      const rows = await deps.db.select().from(courseEnrollments).where(eq(courseEnrollments.courseId, courseId)).all();
      if (rows.length > 0) expect(course).toMatchObject({ isOnline: false, deletedAt: expect.any(Number) });
      else expect(course).toBeUndefined();
    }
  });

  it('updates only the given fields and refuses another teacher', async () => {
    const deps = testDeps();
    const teacher = await account('teacher', deps);
    const view = await createCourse(deps, teacher.id, {
      name: 'A',
      description: 'd',
      categoryId: 1,
      difficulty: 'advanced',
      durationSeconds: 10,
      coverImg: '/a.png',
    });
    const updated = await updateCourse(deps, teacher.id, view.course.id, { durationSeconds: 20 });
    expect(updated.course).toMatchObject({
      name: 'A',
      description: 'd',
      categoryId: 1,
      difficultyLevel: 'advanced',
      durationSeconds: 20,
      coverImg: '/a.png',
    });
    const other = await account('teacher', deps);
    await expect(updateCourse(deps, other.id, view.course.id, { name: 'B' })).rejects.toMatchObject({
      kind: 'forbidden',
      code: 'COURSE_FORBIDDEN',
    });
    await expect(toggleCourse(deps, other.id, view.course.id)).rejects.toMatchObject({ code: 'COURSE_FORBIDDEN' });
    await expect(deleteCourse(deps, other.id, view.course.id)).rejects.toMatchObject({ code: 'COURSE_FORBIDDEN' });
    await expect(
      createCourse(deps, teacher.id, {
        name: 'C',
        description: null,
        categoryId: 4242,
        difficulty: 'beginner',
        durationSeconds: 0,
        coverImg: null,
      }),
    ).rejects.toMatchObject({
      kind: 'validation',
      code: 'CATEGORY_NOT_FOUND',
    });
  });

  it('stats are null for sums and means over nothing', async () => {
    const deps = testDeps();
    const teacher = await account('teacher', deps);
    expect(await teacherStats(deps, teacher.id)).toEqual({
      totalCourses: 0,
      totalStudents: 0,
      totalDurationSeconds: null,
      avgRating: null,
    });
  });
});
