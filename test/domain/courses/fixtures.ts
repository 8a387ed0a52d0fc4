/** Builders shared by the personal-center domain tests (not a test file itself). */
import { createAccount, type Account } from '../../../src/domain/accounts/accounts';
import { createCourse, toggleCourse } from '../../../src/domain/courses/teaching';
import { enroll } from '../../../src/domain/courses/enrollments';
import type { Deps } from '../../../src/domain/deps';
import { testDeps } from '../../helpers/deps';

let seq = 0;
const unique = () => `${Date.now().toString(36)}${++seq}${Math.random().toString(36).slice(2, 6)}`;
const phone = () => `1${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}${String(++seq % 10000).padStart(4, '0')}`;

export function account(role: 'student' | 'teacher', deps: Deps = testDeps()): Promise<Account> {
  return createAccount(
    deps,
    { email: `${role}.${unique()}@example.test`, phone: phone(), name: `${role} ${seq}`, password: 'secret-123', role },
    { selfRegistration: false },
  );
}

/** A published course of a new teacher. */
export async function publishedCourse(deps: Deps = testDeps()): Promise<{ courseId: number; teacherId: number }> {
  const teacher = await account('teacher', deps);
  const view = await createCourse(deps, teacher.id, {
    name: `课程 ${unique()}`,
    description: null,
    categoryId: 5,
    difficulty: 'beginner',
    durationSeconds: 60,
    coverImg: null,
  });
  await toggleCourse(deps, teacher.id, view.course.id);
  return { courseId: view.course.id, teacherId: teacher.id };
}

/** A learner enrolled in a fresh published course. */
export async function enrolledLearner(deps: Deps = testDeps()): Promise<{ learnerId: number; courseId: number; teacherId: number }> {
  const course = await publishedCourse(deps);
  const learner = await account('student', deps);
  await enroll(deps, learner.id, course.courseId);
  return { learnerId: learner.id, ...course };
}

/** Milliseconds for a wall-clock time in Asia/Shanghai (UTC+8, no daylight saving). */
export const shanghai = (isoLocal: string) => Date.parse(`${isoLocal}+08:00`);
