// Lists scoped to the caller show the caller's resources and never another user's: a teacher's tasks,
// courses and schools, a learner's enrolments.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Account } from '../../src/domain/accounts/accounts';
import { request, tokenFor } from './callers';
import { buildWorld, FIXTURES, type World } from './fixtures';

let w: World;
beforeAll(async () => {
  w = await buildWorld();
}, 60_000);

/** Every value under `key` anywhere in the body. */
function valuesOf(body: unknown, key: string): unknown[] {
  const out: unknown[] = [];
  const walk = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) k === key ? out.push(x) : walk(x);
  };
  walk(body);
  return out.map(Number);
}

const CASES: { name: string; role: 'teacher' | 'student'; make: string; list: string; key: string; param: string }[] = [
  {
    name: 'progress: a teacher’s lesson tasks',
    role: 'teacher',
    make: 'progressGetLessonTask',
    list: '/api/lesson-tasks?size=100',
    key: 'id',
    param: 'id',
  },
  {
    name: 'personal center: a teacher’s courses',
    role: 'teacher',
    make: 'personalCenterToggleCourse',
    list: '/api/teacher/courses',
    key: 'course_id',
    param: 'courseId',
  },
  {
    name: 'personal center: a learner’s courses',
    role: 'student',
    make: 'personalCenterUpdateProgress',
    list: '/api/student/courses',
    key: 'course_id',
    param: 'courseId',
  },
  {
    name: 'campus: a teacher’s schools',
    role: 'teacher',
    make: 'campusGetSchool',
    list: '/v1/teacher/schools?per_page=100',
    key: 'id',
    param: 'school_id',
  },
];

describe('lists scoped to the caller', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const make = async (a: Account) => Number((await FIXTURES[c.make]!(a, w)).params![c.param]);
      const [mine, theirs] = [await make(w.owners[c.role]), await make(w.others[c.role])];
      const res = await request('GET', c.list, { token: await tokenFor(w.owners[c.role]) });
      expect(res.status).toBe(200);
      const ids = valuesOf(res.body, c.key);
      expect(ids).toContain(mine);
      expect(ids).not.toContain(theirs);
    });
  }
});
