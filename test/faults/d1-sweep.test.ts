/**
 * Write routes swept statement by statement: each run fails the k-th D1 write (a statement or a
 * batch) of the request, for every k, and the request must answer 503 in its API's envelope with the
 * database exactly as before. This finds writes spread over several round trips that a failure
 * in the middle would leave half done.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { faultyWorld, type D1Call } from '../helpers/faulty-bindings';
import { call, uniqueEmail } from '../helpers/http';
import { png, signedIn, uploaded, uploadForm } from '../apis/learning/fixtures';
import { enrolled, instructor, learner, publishedCourse, uniquePhone } from '../apis/personal-center/support';
import { makeDepartment, makeUser, sysadminToken, unique } from '../apis/progress/support';
import {
  adminToken,
  approvedSchool,
  campusTeacher,
  createSchool,
  createStudent,
  sendCode,
  TEST_CODE,
  uniqueName,
  uniquePhone as campusPhone,
} from '../apis/campus/support';
import { changedTables, databaseRows, expectDatabaseUnavailable, type ApiName } from './support';

interface Req {
  method: string;
  path: string;
  token?: string;
  json?: unknown;
  form?: FormData;
}

interface Sweep {
  api: ApiName;
  name: string;
  setup(): Promise<Req>;
  /** Tables a failed request may still change, with the reason (kept short: every entry is a decision). */
  allowed?: string[];
}

const WRITE = /^\s*(insert|update|delete|replace|with)\b/i;
const isWrite = (c: D1Call) => c.op !== 'withSession' && c.sql.some((s) => WRITE.test(s));

const SWEEPS: Sweep[] = [
  {
    api: 'learning',
    name: 'POST /api/v1/auth/login',
    async setup() {
      const u = await signedIn();
      return { method: 'POST', path: '/api/v1/auth/login', json: { email: u.email, password: u.password } };
    },
    // Accepted: the password check records last_login_at before the session's refresh token is written
    // (signIn is shared by the five sign-ins); a failed issue leaves that timestamp, nothing else.
    allowed: ['accounts'],
  },
  {
    api: 'learning',
    name: 'DELETE /api/v1/upload/{id}',
    async setup() {
      const u = await signedIn('teacher');
      const m = await uploaded(u.access_token);
      return { method: 'DELETE', path: `/api/v1/upload/${m.id}`, token: u.access_token };
    },
  },
  {
    api: 'learning',
    name: 'POST /api/v1/upload (direct, with a thumbnail)',
    async setup() {
      const u = await signedIn('teacher');
      return { method: 'POST', path: '/api/v1/upload', token: u.access_token, form: uploadForm({ thumbnail: png() }) };
    },
  },
  {
    api: 'learning',
    name: 'POST /api/v1/auth/register',
    setup: async () => ({
      method: 'POST',
      path: '/api/v1/auth/register',
      json: { email: uniqueEmail('sweep'), name: 'Sweep', password: 'password-123' },
    }),
  },
  {
    api: 'learning',
    name: 'POST /api/v1/auth/refresh',
    setup: async () => ({ method: 'POST', path: '/api/v1/auth/refresh', json: { refresh_token: (await signedIn()).refresh_token } }),
  },
  {
    api: 'personal-center',
    name: 'POST /api/auth/register',
    setup: async () => ({
      method: 'POST',
      path: '/api/auth/register',
      json: { user_name: '故障', phone: uniquePhone(), email: uniqueEmail('pc'), password: 'secret-123', role: 'learner' },
    }),
  },
  {
    api: 'personal-center',
    name: 'PUT /api/student/courses/{id}/progress',
    async setup() {
      const course = await publishedCourse(await instructor());
      const s = await learner();
      await enrolled(s, course.course_id);
      return {
        method: 'PUT',
        path: `/api/student/courses/${course.course_id}/progress`,
        token: s.token,
        json: { progress: 100, duration: 120 },
      };
    },
  },
  {
    api: 'personal-center',
    name: 'POST /api/student/courses/{id}/rating',
    async setup() {
      const course = await publishedCourse(await instructor());
      const s = await learner();
      await enrolled(s, course.course_id);
      return { method: 'POST', path: `/api/student/courses/${course.course_id}/rating`, token: s.token, json: { rating: 4 } };
    },
  },
  {
    api: 'personal-center',
    name: 'POST /api/student/teams',
    setup: async () => ({ method: 'POST', path: '/api/student/teams', token: (await learner()).token, json: { team_name: unique('组') } }),
  },
  {
    api: 'progress',
    name: 'POST /api/users (self-registration)',
    async setup() {
      const dept = await makeDepartment();
      return {
        method: 'POST',
        path: '/api/users',
        json: { username: unique('u'), email: uniqueEmail('prog'), password: 'password-123', departmentId: dept.id, roles: 1 },
      };
    },
  },
  {
    api: 'progress',
    name: 'POST /api/lesson-tasks',
    async setup() {
      const t = await makeUser('teacher');
      return {
        method: 'POST',
        path: '/api/lesson-tasks',
        token: await sysadminToken(),
        json: { courseName: unique('课程'), microLessonName: unique('微课'), userId: t.id, advise: '' },
      };
    },
  },
  {
    api: 'progress',
    name: 'POST /api/users/disable/{id}',
    setup: async () => ({ method: 'POST', path: `/api/users/disable/${(await makeUser('teacher')).id}`, token: await sysadminToken() }),
  },
  {
    api: 'excourse',
    name: 'POST /users/register/ (code consumed, account, profile, membership)',
    async setup() {
      const { schoolId } = await approvedSchool();
      const phone = campusPhone();
      const username = uniqueName('教师');
      expect((await sendCode(phone, username)).status).toBe(200);
      return {
        method: 'POST',
        path: '/users/register/',
        json: { username, password: 'excourse-1', school_id: schoolId, phone, sms_code: TEST_CODE },
      };
    },
  },
  {
    api: 'campus',
    name: 'POST /v1/teacher/register',
    setup: async () => ({
      method: 'POST',
      path: '/v1/teacher/register',
      json: { name: '老师', username: uniqueEmail('campus'), password: 'teacher-pass-1' },
    }),
  },
  {
    api: 'campus',
    name: 'POST /v1/admin/schools/{id}/approve',
    async setup() {
      const school = await createSchool((await campusTeacher()).token);
      return { method: 'POST', path: `/v1/admin/schools/${school.id}/approve`, token: await adminToken() };
    },
  },
  {
    api: 'campus',
    name: 'DELETE /v1/teacher/schools/{id}/students/{sid}',
    async setup() {
      const { owner, schoolId } = await approvedSchool();
      const s = await createStudent(owner.token, schoolId);
      return { method: 'DELETE', path: `/v1/teacher/schools/${schoolId}/students/${s.id}`, token: owner.token };
    },
  },
];

async function writesOf(req: Req): Promise<number> {
  const world = faultyWorld();
  const res = await world.send(req.method, req.path, { token: req.token, json: req.json, body: req.form });
  expect(res.status, `${req.method} ${req.path} without faults: ${res.text}`).toBeLessThan(300);
  return world.d1.calls.filter(isWrite).length;
}

// The first request of a file creates the sysadmin: done here, so no sweep counts that write.
beforeAll(async () => {
  expect((await call('GET', '/api/v1/health/db')).status).toBe(200);
});

describe('every D1 write of a request, failed in turn', () => {
  for (const s of SWEEPS) {
    it(`${s.api}: ${s.name} → 503 and nothing changed, whichever write fails`, async () => {
      const writes = await writesOf(await s.setup());
      expect(writes).toBeGreaterThan(0);
      const problems: string[] = [];
      for (let k = 1; k <= writes; k++) {
        const req = await s.setup();
        const world = faultyWorld();
        let n = 0;
        world.d1.failWhen((c) => isWrite(c) && ++n === k, { times: 1 });
        const before = await databaseRows();
        const res = await world.send(req.method, req.path, { token: req.token, json: req.json, body: req.form });
        const changed = changedTables(before, await databaseRows()).filter((t) => !(s.allowed ?? []).includes(t));
        const failed = world.d1.failed[0];
        const label = `write ${k}/${writes} (${failed ? failed.sql.map((q) => q.slice(0, 60)).join(' | ') : 'not reached'})`;
        if (res.status !== 503) problems.push(`${label}: status ${res.status} ${res.text.slice(0, 120)}`);
        else expectDatabaseUnavailable(s.api, res);
        if (changed.length) problems.push(`${label}: changed ${changed.join(', ')}`);
      }
      expect(problems).toEqual([]);
    });
  }
});
