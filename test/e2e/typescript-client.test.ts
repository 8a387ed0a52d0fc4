// Each API driven through the typed client (clients/typescript) against `wrangler dev`, the way a frontend
// would: sign in, one read, one write, one error. The session carries the bearer token and the latest D1
// bookmark from response to request.
import { describe, expect, inject, it } from 'vitest';
import { createCampusClient } from '../../clients/typescript/src/campus';
import { BOOKMARK_HEADER, type ApiClientOptions, type Session } from '../../clients/typescript/src/client';
import { createExcourseClient } from '../../clients/typescript/src/excourse';
import { createLearningClient } from '../../clients/typescript/src/learning';
import { createPersonalCenterClient } from '../../clients/typescript/src/personal-center';
import { createProgressClient } from '../../clients/typescript/src/progress';
import { devVar } from './dev-vars';

const ADMIN_EMAIL = devVar('ADMIN_EMAIL');
const ADMIN_PASSWORD = devVar('ADMIN_PASSWORD');
const suffix = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

/** A client's options, with every request's bookmark header recorded (what the session sent). */
function options(session: Session = {}): ApiClientOptions & { sent: (string | null)[] } {
  const sent: (string | null)[] = [];
  return {
    baseUrl: inject('baseUrl'),
    session,
    sent,
    fetch: (request: Request) => {
      sent.push(request.headers.get(BOOKMARK_HEADER));
      return fetch(request);
    },
  };
}

describe('the TypeScript client against wrangler dev', () => {
  it('learning: the administrator signs in, reads itself, starts an upload; an unknown material is 404', async () => {
    const o = options();
    const learning = createLearningClient(o);
    const { data: signedIn, error } = await learning.POST('/api/v1/auth/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    expect(error).toBeUndefined();
    learning.session.token = signedIn!.access_token;

    const { data: me } = await learning.GET('/api/v1/auth/me');
    expect(me?.email).toBe(ADMIN_EMAIL);

    const { data: upload, response } = await learning.POST('/api/v1/uploads', {
      body: { filename: 'notes.pdf', size: 1024, type: 'pdf', title: 'Notes' },
    });
    expect(response.status).toBe(201);
    expect(upload?.total_parts).toBe(1);
    const bookmark = learning.session.bookmark;
    expect(bookmark).toBeTruthy();
    expect(bookmark).toBe(response.headers.get(BOOKMARK_HEADER));

    const missing = await learning.GET('/api/v1/materials/{material_id}', { params: { path: { material_id: 999_999_999 } } });
    expect(missing.response.status).toBe(404);
    expect(missing.error).toBeDefined();
    expect(o.sent.at(-1)).toBe(bookmark); // the write's bookmark went out with the next read
  });

  it('campus: a teacher registers, lists and creates schools; a wrong password is 401', async () => {
    const campus = createCampusClient(options());
    const teacher = { name: '王老师', username: `t${suffix}@example.com`, password: 'teacher-pass-1' };
    const { data: registered } = await campus.POST('/v1/teacher/register', { body: teacher });
    const { data: signedIn } = await campus.POST('/v1/login', {
      body: { identity: 1, username: teacher.username, password: teacher.password },
    });
    expect(registered?.data.access_token).toBeTruthy();
    campus.session.token = signedIn!.data.access_token;

    const { data: school } = await campus.POST('/v1/teacher/schools', { body: { name: `实验学校 ${suffix}` } });
    const { data: schools } = await campus.GET('/v1/teacher/schools');
    expect(schools?.data.list.map((s) => s.id)).toContain(school!.data.id);

    const wrong = await campus.POST('/v1/login', { body: { identity: 1, username: teacher.username, password: 'wrong-pass-1' } });
    expect(wrong.response.status).toBe(401);
    expect(wrong.data).toBeUndefined();
  });

  it('excourse: the administrator signs in, reads and updates itself; an unknown user is 404', async () => {
    const excourse = createExcourseClient(options());
    const { data: signedIn } = await excourse.POST('/users/login/', { body: { username: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    excourse.session.token = signedIn!.token;
    const self = { params: { path: { pk: String(signedIn!.user_id) } } };

    const { data: user } = await excourse.GET('/users/{pk}/', self);
    expect(user?.id).toBe(signedIn!.user_id);
    const { data: updated } = await excourse.PUT('/users/{pk}/', { ...self, body: { wechat: `wx_${suffix}` } });
    expect(updated?.wechat).toBe(`wx_${suffix}`);

    const missing = await excourse.GET('/users/{pk}/', { params: { path: { pk: '999999999' } } });
    expect(missing.response.status).toBe(404);
  });

  it('personal center: a student registers, signs in, reads and updates the profile; a wrong password is 401', async () => {
    const center = createPersonalCenterClient(options());
    const phone = `139${String(Date.now()).slice(-8)}`;
    const { response } = await center.POST('/api/auth/register', {
      body: { user_name: `学生${suffix}`, phone, email: `s${suffix}@example.com`, password: 'student-pass-1' },
    });
    expect(response.status).toBe(200);
    const { data: signedIn } = await center.POST('/api/auth/login', { body: { phone, password: 'student-pass-1' } });
    center.session.token = signedIn!.data.token;

    const { data: profile } = await center.GET('/api/user/profile');
    expect(profile?.data.phone).toBe(phone);
    const { data: updated } = await center.PUT('/api/user/profile', { body: { user_intro: '前端学习中' } });
    expect(updated?.data.user_intro).toBe('前端学习中');

    const wrong = await center.POST('/api/auth/login', { body: { phone, password: 'wrong-pass-1' } });
    expect(wrong.response.status).toBe(401);
  });

  it('progress: the administrator signs in, reads itself, creates a department; an unknown task is 404', async () => {
    const progress = createProgressClient(options());
    const { data: signedIn } = await progress.POST('/api/users/login', { body: { email: ADMIN_EMAIL, password: ADMIN_PASSWORD } });
    progress.session.token = signedIn!.data.token;

    const { data: me } = await progress.GET('/api/users/current');
    expect(me?.data.email).toBe(ADMIN_EMAIL);
    const { data: department } = await progress.POST('/api/departments', { body: { name: `教研室 ${suffix}` } });
    expect(department?.data.name).toBe(`教研室 ${suffix}`);

    const missing = await progress.GET('/api/lesson-tasks/{id}', { params: { path: { id: 999_999_999 } } });
    expect(missing.response.status).toBe(404);
  });
});
