/**
 * A trailing slash is ignored where the original stack ignored it (Express, Spring, Laravel; FastAPI
 * redirected), so `/api/student/courses/` is `/api/student/courses`, bodies included. The excourse
 * API (Django) is the exception: its documented paths end with a slash and only those match.
 */
import { describe, expect, it } from 'vitest';
import { call, registerLearner } from '../helpers/http';

const strip = (r: { status: number; body: unknown }) => ({ status: r.status, body: r.body });

describe('trailing slashes', () => {
  it('GET reads the same resource with and without the slash in every API but excourse', async () => {
    for (const path of ['/api/health', '/api/categories', '/api/departments', '/v1/teacher/schools', '/api/v1/materials', '/health']) {
      const plain = await call('GET', path);
      const slashed = await call('GET', `${path}/`);
      expect(plain.status, path).not.toBe(404);
      if (path === '/api/health' || path === '/health') expect(slashed.status, `${path}/`).toBe(plain.status);
      else expect(strip(slashed), `${path}/`).toEqual(strip(plain));
    }
  });

  it('the request body and the token go with it (a sign-in and a signed-in read)', async () => {
    const learner = await registerLearner();
    const signIn = await call('POST', '/api/v1/auth/login/', { json: { email: learner.email, password: learner.password } });
    expect(signIn.status, signIn.text).toBe(200);
    const me = await call('GET', '/api/v1/auth/me/', { token: signIn.body.access_token });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(learner.email);
  });

  it('excourse paths match only as documented, with their slash', async () => {
    expect((await call('POST', '/users/login', { json: { username: 'nobody', password: 'x' } })).status).toBe(404);
    expect((await call('POST', '/users/login/', { json: { username: 'nobody', password: 'x' } })).status).toBe(400);
  });
});
