// Counts every course and group view shows are stored columns kept by triggers (issue 8); these cases are
// the writes that bypass the domain's own statements: replaced ratings and cascades from a removed account.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, communityGroups, courses } from '../../../src/db/schema';
import { createGroup, joinGroup, leaveGroup } from '../../../src/domain/community/groups';
import { courseViewById } from '../../../src/domain/courses/courses';
import { enroll } from '../../../src/domain/courses/enrollments';
import { rateCourse } from '../../../src/domain/courses/ratings';
import { testDeps } from '../../helpers/deps';
import { account, publishedCourse } from './fixtures';

const storedCourse = (id: number) =>
  testDeps()
    .db.select({ enrolled: courses.enrolledCount, ratings: courses.ratingCount, sum: courses.ratingSum })
    .from(courses)
    .where(eq(courses.id, id))
    .get();
const storedMembers = async (id: number) =>
  (await testDeps().db.select({ n: communityGroups.memberCount }).from(communityGroups).where(eq(communityGroups.id, id)).get())?.n;

describe('stored counts', () => {
  it('follow enrolments and ratings, a replaced rating moves the sum, and a removed account takes its rows out of the counts', async () => {
    const deps = testDeps();
    const { courseId } = await publishedCourse(deps);
    const [a, b] = [await account('student', deps), await account('student', deps)];
    await enroll(deps, a.id, courseId);
    await enroll(deps, b.id, courseId);
    await rateCourse(deps, a.id, courseId, 5, null);
    await rateCourse(deps, b.id, courseId, 2, null);
    await rateCourse(deps, b.id, courseId, 4, 'changed my mind');
    expect(await storedCourse(courseId)).toEqual({ enrolled: 2, ratings: 2, sum: 9 });
    expect(await courseViewById(deps, courseId)).toMatchObject({ enrolledCount: 2, ratingCount: 2, avgRating: 4.5 });

    await deps.db.delete(accounts).where(eq(accounts.id, a.id)).run();
    expect(await storedCourse(courseId)).toEqual({ enrolled: 1, ratings: 1, sum: 4 });
    expect(await courseViewById(deps, courseId)).toMatchObject({ enrolledCount: 1, ratingCount: 1, avgRating: 4 });
  });

  it('a course nobody rated has a null average, not zero', async () => {
    const { courseId } = await publishedCourse();
    expect(await courseViewById(testDeps(), courseId)).toMatchObject({ enrolledCount: 0, ratingCount: 0, avgRating: null });
  });

  it('follow group joins, leaves and removed members', async () => {
    const deps = testDeps();
    const [owner, x, y] = [await account('student', deps), await account('student', deps), await account('student', deps)];
    const { view } = await createGroup(deps, owner.id, 'team', { name: 'counted', description: null, maxMembers: 5 });
    const id = view.group.id;
    await joinGroup(deps, x.id, 'team', id);
    await joinGroup(deps, y.id, 'team', id);
    expect(await storedMembers(id)).toBe(3);
    await leaveGroup(deps, x.id, 'team', id);
    expect(await storedMembers(id)).toBe(2);
    await deps.db.delete(accounts).where(eq(accounts.id, y.id)).run();
    expect(await storedMembers(id)).toBe(1);
  });
});
