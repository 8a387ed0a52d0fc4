import { describe, expect, it } from 'vitest';
import { api, enrolled, expectError, expectOk, instructor, learner, otherRoleAccount, publishedCourse } from './support';

/**
 * Issue 16, privacy: a learner's e-mail is theirs. The instructor of a course the learner joined is
 * neither that learner nor an administrator, so the course's student list shows it masked. The learner
 * reads it in full in their own profile; administrators have no access to the personal center's
 * teacher routes at all (this API serves learners and instructors only).
 */
const masked = (email: string) => `${email[0]}***@example.test`;

describe('personal center: learners’ e-mails', () => {
  it('GET /api/teacher/courses/{id}/students: the instructor reads each learner’s e-mail masked, never the phone', async () => {
    const t = await instructor();
    const course = await publishedCourse(t);
    const a = await learner();
    await enrolled(a, course.course_id);
    const res = await api('GET', `/api/teacher/courses/${course.course_id}/students`, t.token);
    const [row] = expectOk(res);
    expect(row).toMatchObject({ user_id: a.id, email: masked(a.email) });
    expect(typeof row.email).toBe('string');
    expect(res.text).not.toContain(a.email);
    expect(res.text).not.toContain(a.phone);
  });

  it('the learner (the owner) reads their own e-mail and phone in full', async () => {
    const a = await learner();
    expect(expectOk(await api('GET', '/api/user/profile', a.token))).toMatchObject({ user_id: a.id, email: a.email, phone: a.phone });
  });

  it('administrators are refused by the teacher route (403): they see no learner list here', async () => {
    const t = await instructor();
    const course = await publishedCourse(t);
    for (const role of ['admin', 'sysadmin'] as const) {
      const admin = await otherRoleAccount(role);
      expectError(await api('GET', `/api/teacher/courses/${course.course_id}/students`, admin.token), 403);
    }
  });
});
