import { describe, expect, it } from 'vitest';
import { api, courseRow, expectError, expectOk, instructor, learner, newCourse, otherRoleAccount, publishedCourse } from './support';

type Route = [method: string, path: string, json?: unknown];

async function fixtures() {
  const t = await instructor();
  const s = await learner();
  const course = await publishedCourse(t);
  const draft = await newCourse(t);
  const team = expectOk(await api('POST', '/api/student/teams', s.token, { json: { team_name: '角色测试团队' } })).team;
  const room = expectOk(await api('POST', '/api/student/rooms', s.token, { json: { room_name: '角色测试自习室' } })).room;
  return { t, s, course, draft, team, room };
}

const studentRoutes = (c: number, team: number, room: number): Route[] => [
  ['GET', '/api/student/courses'],
  ['POST', `/api/student/enroll/${c}`],
  ['PUT', `/api/student/courses/${c}/progress`, { progress: 50, duration: 10 }],
  ['POST', `/api/student/courses/${c}/rating`, { rating: 5 }],
  ['GET', '/api/student/favorites'],
  ['POST', `/api/student/favorites/${c}`],
  ['DELETE', `/api/student/favorites/${c}`],
  ['GET', '/api/student/stats'],
  ['GET', '/api/student/achievements'],
  ['GET', '/api/student/community'],
  ['GET', '/api/student/teams'],
  ['POST', '/api/student/teams', { team_name: 'x' }],
  ['POST', `/api/student/teams/${team}/join`],
  ['POST', `/api/student/teams/${team}/leave`],
  ['GET', '/api/student/rooms'],
  ['POST', '/api/student/rooms', { room_name: 'x' }],
  ['POST', `/api/student/rooms/${room}/join`],
  ['POST', `/api/student/rooms/${room}/leave`],
];

const teacherRoutes = (c: number): Route[] => [
  ['GET', '/api/teacher/stats'],
  ['GET', '/api/teacher/courses'],
  ['POST', '/api/teacher/courses', { course_name: 'x', category_id: 5 }],
  ['PUT', `/api/teacher/courses/${c}`, { course_name: '改名' }],
  ['DELETE', `/api/teacher/courses/${c}`],
  ['PATCH', `/api/teacher/courses/${c}/toggle`],
  ['GET', `/api/teacher/courses/${c}/students`],
  ['POST', `/api/teacher/courses/${c}/materials`, { material_id: 1 }],
  ['DELETE', `/api/teacher/courses/${c}/materials/1`],
];

describe('roles', () => {
  it('instructors get 403 on every /api/student/* route, and nothing changes', async () => {
    const { t, course, team, room } = await fixtures();
    for (const [method, path, json] of studentRoutes(course.course_id, team.team_id, room.room_id)) {
      expectError(await api(method, path, t.token, { json }), 403, '仅学生账号可以访问');
    }
    expect(expectOk(await api('GET', `/api/courses/${course.course_id}`))).toMatchObject({ enrolled_count: 0, rating_count: 0 });
  });

  it('learners get 403 on every /api/teacher/* route (including the cover upload), and nothing changes', async () => {
    const { s, course } = await fixtures();
    const before = await courseRow(course.course_id);
    for (const [method, path, json] of teacherRoutes(course.course_id)) {
      expectError(await api(method, path, s.token, { json }), 403, '仅教师账号可以访问');
    }
    const form = new FormData();
    form.append('cover', new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])]), 'c.png');
    expectError(await api('POST', `/api/teacher/courses/${course.course_id}/cover`, s.token, { body: form }), 403);
    expect(await courseRow(course.course_id)).toEqual(before);
  });

  it('administrators (from other APIs) get 403 on learner, instructor and user routes', async () => {
    const { course, team, room } = await fixtures();
    const admin = await otherRoleAccount('admin');
    for (const [method, path, json] of [
      ...studentRoutes(course.course_id, team.team_id, room.room_id),
      ...teacherRoutes(course.course_id),
    ]) {
      expectError(await api(method, path, admin.token, { json }), 403);
    }
    expectError(await api('GET', '/api/user/profile', admin.token), 403);
  });

  it('every protected route answers 401 without a token', async () => {
    const { course, team, room } = await fixtures();
    const routes: Route[] = [
      ['GET', '/api/user/profile'],
      ['PUT', '/api/user/profile', { user_name: 'x' }],
      ['POST', '/api/user/avatar'],
      ...studentRoutes(course.course_id, team.team_id, room.room_id),
      ...teacherRoutes(course.course_id),
      ['POST', `/api/teacher/courses/${course.course_id}/cover`],
    ];
    for (const [method, path, json] of routes) expectError(await api(method, path, undefined, { json }), 401, '未登录，请先登录');
  });

  it('a teacher cannot act on another teacher’s course: every course route is 403 无权访问该课程 and the course is unchanged', async () => {
    const { course, draft } = await fixtures();
    const other = await instructor();
    for (const c of [course, draft]) {
      const before = await courseRow(c.course_id);
      for (const [method, path, json] of teacherRoutes(c.course_id).filter(([, p]) => p.includes(`/${c.course_id}`))) {
        expectError(await api(method, path, other.token, { json }), 403, '无权访问该课程');
      }
      expect(await courseRow(c.course_id)).toEqual(before);
    }
  });
});
