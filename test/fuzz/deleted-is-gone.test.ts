// Schemathesis's use_after_free, one case per DELETE operation in the documents: a resource created the
// way a frontend creates it is there (read and listed), the DELETE answers 2xx, and afterwards the same read
// answers 404/410 and the list no longer shows it. A DELETE operation without a case fails the last test.
import { describe, expect, it } from 'vitest';
import { call, type CallResult } from '../helpers/http';
import { approvedSchool, campusTeacher, createSchool, createStudent, uniqueName } from '../apis/campus/support';
import { signedIn, uploaded } from '../apis/learning/fixtures';
import { instructor, learner, publishedCourse } from '../apis/personal-center/support';
import { makeTask, makeUser, sysadminToken } from '../apis/progress/support';
import { operations } from './documents';

interface Lifecycle {
  /** The resource read back: 200 before the DELETE, `goneStatuses` after. */
  read: () => Promise<CallResult>;
  goneStatuses: number[];
  /** A read after the DELETE that shows a terminal state the document declares, instead of a 404. */
  tombstone?: (after: CallResult) => boolean;
  /** A list (or page) that shows the resource while it exists. */
  listed: () => Promise<boolean>;
  remove: () => Promise<CallResult>;
}

const unique = (tag: string) => `${tag}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
const shows = async (res: Promise<CallResult>, marker: string) => {
  const r = await res;
  expect(r.status, r.text).toBe(200);
  return r.text.includes(marker);
};
/** For what has no read of its own (a favorite, a course's material): 200 while the page shows it, else 404. */
const readThrough = async (page: () => Promise<CallResult>, marker: string): Promise<CallResult> => {
  const r = await page();
  return { ...r, status: r.text.includes(marker) ? 200 : 404 };
};

/** How a frontend creates what each DELETE operation removes. */
const CASES: Record<string, () => Promise<Lifecycle>> = {
  async campusDeleteSchool() {
    const t = await campusTeacher();
    const school = await createSchool(t.token, uniqueName('学校'));
    return {
      read: () => call('GET', `/v1/teacher/schools/${school.id}`, { token: t.token }),
      goneStatuses: [410],
      listed: () => shows(call('GET', '/v1/teacher/schools?per_page=100', { token: t.token }), school.name),
      remove: () => call('DELETE', `/v1/teacher/schools/${school.id}`, { token: t.token }),
    };
  },
  async campusRemoveStudent() {
    const { owner, schoolId } = await approvedSchool();
    const student = await createStudent(owner.token, schoolId);
    // There is no read of one student: the removed student's sign-in is the read.
    return {
      read: () => call('POST', '/v1/login', { json: { identity: 2, username: student.username, password: student.password } }),
      goneStatuses: [401],
      listed: () => shows(call('GET', `/v1/teacher/schools/${schoolId}/students?per_page=100`, { token: owner.token }), student.username),
      remove: () => call('DELETE', `/v1/teacher/schools/${schoolId}/students/${student.id}`, { token: owner.token }),
    };
  },
  async learningDeleteMaterial() {
    const t = await signedIn('teacher');
    const m = await uploaded(t.access_token, { title: unique('material') });
    return {
      read: () => call('GET', `/api/v1/materials/${m.id}`),
      goneStatuses: [404],
      listed: () => shows(call('GET', '/api/v1/materials?page_size=100'), m.title),
      remove: () => call('DELETE', `/api/v1/materials/${m.id}`, { token: t.access_token }),
    };
  },
  async learningDeleteUpload() {
    const t = await signedIn('teacher');
    const m = await uploaded(t.access_token, { title: unique('upload') });
    // The material is the resource (GET /upload/status keeps answering `hidden`, as the document's status table says).
    return {
      read: async () => {
        const file = await call('GET', `/api/v1/materials/${m.id}/file`);
        const material = await call('GET', `/api/v1/materials/${m.id}`);
        return file.status === material.status ? material : { ...material, status: 500 };
      },
      goneStatuses: [404],
      listed: () => shows(call('GET', '/api/v1/materials?page_size=100'), m.title),
      remove: () => call('DELETE', `/api/v1/upload/${m.id}`, { token: t.access_token }),
    };
  },
  async learningAbortUpload() {
    const t = await signedIn('teacher');
    const s = await call('POST', '/api/v1/uploads', {
      token: t.access_token,
      json: { filename: 'big.pdf', size: 50 * 1024 * 1024, type: 'pdf', title: unique('resumable') },
    });
    expect(s.status, s.text).toBe(201);
    const read = () => call('GET', `/api/v1/uploads/${s.body.upload_id}`, { token: t.access_token });
    return {
      read,
      goneStatuses: [404],
      // The session is a record with a declared terminal state: after the abort it reads `aborted` and takes nothing more.
      tombstone: (after) => after.status === 200 && after.body.status === 'aborted',
      // Sessions have no list; an open session is the one a client would resume.
      listed: async () => (await read()).body.status === 'open',
      remove: () => call('DELETE', `/api/v1/uploads/${s.body.upload_id}`, { token: t.access_token }),
    };
  },
  async personalCenterRemoveFavorite() {
    const course = await publishedCourse(await instructor(), { course_name: unique('收藏课程') });
    const s = await learner();
    expect((await call('POST', `/api/student/favorites/${course.course_id}`, { token: s.token })).status).toBe(200);
    const list = () => call('GET', '/api/student/favorites', { token: s.token });
    // A favorite has no read of its own: the list is the read.
    return {
      read: () => readThrough(list, course.course_name),
      goneStatuses: [404],
      listed: () => shows(list(), course.course_name),
      remove: () => call('DELETE', `/api/student/favorites/${course.course_id}`, { token: s.token }),
    };
  },
  async personalCenterDeleteCourse() {
    const t = await instructor();
    const course = await publishedCourse(t, { course_name: unique('删除课程') });
    return {
      read: () => call('GET', `/api/courses/${course.course_id}`),
      goneStatuses: [404],
      listed: () => shows(call('GET', '/api/teacher/courses', { token: t.token }), course.course_name),
      remove: () => call('DELETE', `/api/teacher/courses/${course.course_id}`, { token: t.token }),
    };
  },
  async personalCenterDetachMaterial() {
    const t = await instructor();
    const course = await publishedCourse(t);
    const m = await uploaded(t.token, { title: unique('课程资料') });
    expect(
      (await call('POST', `/api/teacher/courses/${course.course_id}/materials`, { token: t.token, json: { material_id: m.id } })).status,
    ).toBe(200);
    const detail = () => call('GET', `/api/courses/${course.course_id}`);
    return {
      read: () => readThrough(detail, m.title),
      goneStatuses: [404],
      listed: () => shows(detail(), m.title),
      remove: () => call('DELETE', `/api/teacher/courses/${course.course_id}/materials/${m.id}`, { token: t.token }),
    };
  },
  async progressDeleteLessonTask() {
    const token = await sysadminToken();
    const teacher = await makeUser('teacher');
    const task = await makeTask(token, teacher.id, { courseName: unique('课程') });
    return {
      read: () => call('GET', `/api/lesson-tasks/${task.id}`, { token }),
      goneStatuses: [404],
      listed: () => shows(call('GET', `/api/lesson-tasks?userId=${teacher.id}&size=100`, { token }), String(task.courseName)),
      remove: () => call('DELETE', `/api/lesson-tasks/${task.id}`, { token }),
    };
  },
};

describe('a deleted resource is gone (every DELETE operation)', () => {
  for (const [id, make] of Object.entries(CASES)) {
    it(id, { timeout: 30_000 }, async () => {
      const r = await make();
      const before = await r.read();
      expect(before.status, before.text).toBe(200);
      expect(await r.listed()).toBe(true);
      const del = await r.remove();
      expect(del.status, del.text).toBeGreaterThanOrEqual(200);
      expect(del.status, del.text).toBeLessThan(300);
      const after = await r.read();
      const gone = r.goneStatuses.includes(after.status) || !!r.tombstone?.(after);
      expect(gone, `${id}: read after DELETE answered ${after.status} ${after.text.slice(0, 200)}`).toBe(true);
      expect(await r.listed()).toBe(false);
    });
  }

  it('has a case for every DELETE operation in the documents', () => {
    const deletes = operations()
      .filter((o) => o.method === 'DELETE')
      .map((o) => o.id)
      .sort();
    expect(deletes.length).toBeGreaterThan(0);
    expect(Object.keys(CASES).sort()).toEqual(deletes);
  });
});
