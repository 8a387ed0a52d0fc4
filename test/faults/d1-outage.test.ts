/**
 * A D1 failure in the middle of each API's multi-statement writes (db.batch), and on its reads:
 * 503 in the API's envelope with Retry-After, and the database exactly as before.
 */
import { describe, expect, it } from 'vitest';
import { faultyWorld, type D1Call } from '../helpers/faulty-bindings';
import { call } from '../helpers/http';
import { signedIn, uploaded } from '../apis/learning/fixtures';
import { learner, instructor, publishedCourse } from '../apis/personal-center/support';
import { makeDepartment, sysadminToken, unique } from '../apis/progress/support';
import { adminToken, approvedSchool, excourseTeacher, uniqueName } from '../apis/campus/support';
import { changedTables, databaseRows, expectDatabaseUnavailable, type ApiName } from './support';

const batchTouching = (table: RegExp) => (c: D1Call) => c.op === 'batch' && c.sql.length > 1 && c.sql.some((s) => table.test(s));

interface WriteCase {
  api: ApiName;
  name: string;
  /** Builds what the write needs, then returns the request to send and the batch it must run. */
  setup(): Promise<{
    method: string;
    path: string;
    token: string;
    json?: unknown;
    headers?: Record<string, string>;
    batch: RegExp;
    okStatus: number;
  }>;
}

const WRITES: WriteCase[] = [
  {
    api: 'learning',
    name: 'DELETE /api/v1/materials/{id} (hide + abort its sessions)',
    async setup() {
      const u = await signedIn('teacher');
      const m = await uploaded(u.access_token);
      return { method: 'DELETE', path: `/api/v1/materials/${m.id}`, token: u.access_token, batch: /update "materials"/, okStatus: 204 };
    },
  },
  {
    api: 'personal-center',
    name: 'POST /api/student/enroll/{courseId} (enrolment + achievement counters)',
    async setup() {
      const course = await publishedCourse(await instructor());
      const s = await learner();
      return {
        method: 'POST',
        path: `/api/student/enroll/${course.course_id}`,
        token: s.token,
        batch: /course_enrollments/,
        okStatus: 200,
      };
    },
  },
  {
    api: 'personal-center',
    name: 'POST /api/student/teams/{id}/join (membership + achievement counters)',
    async setup() {
      const owner = await learner();
      const team = await call('POST', '/api/student/teams', { token: owner.token, json: { team_name: unique('组') } });
      expect(team.status, team.text).toBe(200);
      const s = await learner();
      return {
        method: 'POST',
        path: `/api/student/teams/${team.body.data.team.team_id}/join`,
        token: s.token,
        batch: /community_members/,
        okStatus: 200,
      };
    },
  },
  {
    api: 'progress',
    name: 'POST /api/users by the sysadmin (account + profile + audit)',
    async setup() {
      const dept = await makeDepartment();
      const json = {
        username: unique('u'),
        email: `${unique('fault')}@example.test`,
        password: 'password-123',
        departmentId: dept.id,
        roles: 2,
      };
      return { method: 'POST', path: '/api/users', token: await sysadminToken(), json, batch: /progress_profiles/, okStatus: 200 };
    },
  },
  {
    api: 'excourse',
    name: 'PUT /users/{pk}/ by a sysadmin (account + profile + school membership)',
    async setup() {
      const { schoolId } = await approvedSchool();
      const t = await excourseTeacher(schoolId);
      const other = await approvedSchool();
      const json = { wechat: 'wx-fault', is_grade: 1, school_id: other.schoolId };
      return { method: 'PUT', path: `/users/${t.id}/`, token: await adminToken(), json, batch: /excourse_profiles/, okStatus: 200 };
    },
  },
  {
    api: 'campus',
    name: 'POST /v1/teacher/schools/{id}/students (account + membership)',
    async setup() {
      const { owner, schoolId } = await approvedSchool();
      const json = { name: '学生', username: uniqueName('stu'), password: 'student-1' };
      return {
        method: 'POST',
        path: `/v1/teacher/schools/${schoolId}/students`,
        token: owner.token,
        json,
        batch: /school_members/i,
        okStatus: 200,
      };
    },
  },
];

describe('a D1 failure in the middle of a multi-statement write', () => {
  for (const w of WRITES) {
    it(`${w.api}: ${w.name} → 503, nothing written; the same request then succeeds`, async () => {
      const req = await w.setup();
      const world = faultyWorld();
      world.d1.failWhen(batchTouching(req.batch), { times: 1 });
      const before = await databaseRows();
      const res = await world.send(req.method, req.path, { token: req.token, json: req.json, headers: req.headers });
      expectDatabaseUnavailable(w.api, res);
      expect(world.d1.failed, 'the planned batch ran and failed').toHaveLength(1);
      expect(world.d1.failed[0]!.sql.length).toBeGreaterThan(1);
      expect(changedTables(before, await databaseRows())).toEqual([]);

      const again = await world.send(req.method, req.path, { token: req.token, json: req.json, headers: req.headers });
      expect(again.status, again.text).toBe(req.okStatus);
      expect(changedTables(before, await databaseRows()).length).toBeGreaterThan(0);
    });
  }
});

interface ReadCase {
  api: ApiName;
  path: string;
  token: () => Promise<string | undefined>;
  headers?: (token: string | undefined) => Record<string, string>;
}

const READS: ReadCase[] = [
  { api: 'learning', path: '/api/v1/materials', token: async () => undefined },
  { api: 'learning', path: '/api/v1/auth/me', token: async () => (await signedIn()).access_token },
  { api: 'personal-center', path: '/api/courses', token: async () => undefined },
  { api: 'personal-center', path: '/api/student/courses', token: async () => (await learner()).token },
  { api: 'progress', path: '/api/users/list', token: sysadminToken },
  { api: 'progress', path: '/api/departments', token: sysadminToken },
  // Its own 500/50000 answer is for failures that are not an outage.
  { api: 'progress', path: '/api/users/department/1', token: sysadminToken },
  { api: 'excourse', path: '/users/1/', token: adminToken },
  { api: 'campus', path: '/v1/teacher/schools', token: async () => (await approvedSchool()).owner.token },
];

describe('a D1 failure on a read', () => {
  for (const r of READS) {
    it(`${r.api}: GET ${r.path} → 503 in the envelope`, async () => {
      const token = await r.token();
      const world = faultyWorld();
      world.d1.failWhen((c) => c.op !== 'withSession');
      const res = await world.send('GET', r.path, { token });
      expectDatabaseUnavailable(r.api, res);
      expect(world.d1.failed.length).toBeGreaterThan(0);
      world.d1.heal();
      expect((await world.send('GET', r.path, { token })).status).toBe(200);
    });
  }
});
