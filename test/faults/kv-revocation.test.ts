/**
 * KV holds revocations (docs/storage.md). When KV fails, a revocation check fails closed (the request
 * is refused with 503, never served) and a revocation that cannot be stored is reported as failed.
 */
import { describe, expect, it } from 'vitest';
import { faultyWorld, type KvCall } from '../helpers/faulty-bindings';
import { signedIn } from '../apis/learning/fixtures';
import { learner } from '../apis/personal-center/support';
import { makeUser } from '../apis/progress/support';
import { approvedSchool, excourseTeacher } from '../apis/campus/support';
import { expectUnavailable, type ApiName } from './support';

const TOKEN_STORE = 'INTERNAL_ERROR'; // the learning document has no code of its own for this 503

interface Protected {
  api: ApiName;
  path: string;
  token(): Promise<string>;
}

const PROTECTED: Protected[] = [
  { api: 'learning', path: '/api/v1/auth/me', token: async () => (await signedIn()).access_token },
  // Optional auth: a token that cannot be checked is refused, not served as an anonymous caller.
  { api: 'learning', path: '/api/v1/materials', token: async () => (await signedIn()).access_token },
  { api: 'personal-center', path: '/api/user/profile', token: async () => (await learner()).token },
  { api: 'progress', path: '/api/users/current', token: async () => (await makeUser('teacher')).token },
  { api: 'excourse', path: '/users/{self}/', token: async () => (await excourseTeacher((await approvedSchool()).schoolId)).token },
  { api: 'campus', path: '/v1/teacher/schools', token: async () => (await approvedSchool()).owner.token },
];

const selfPath = (path: string, token: string) =>
  path.replace('{self}', String(JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))).sub));

describe('a failing KV read on the revocation check fails closed', () => {
  for (const p of PROTECTED) {
    for (const key of ['revoked:', 'nbf:'] as const) {
      it(`${p.api}: GET ${p.path} with KV get(${key}…) failing → 503, not served`, async () => {
        const token = await p.token();
        const path = selfPath(p.path, token);
        const world = faultyWorld();
        world.kv.failWhen((c: KvCall) => c.op === 'get' && c.key.startsWith(key));
        const res = await world.send('GET', path, { token });
        expectUnavailable(p.api, res, TOKEN_STORE);
        expect(world.kv.failed.length).toBeGreaterThan(0);
        world.kv.heal();
        const healed = await world.send('GET', path, { token });
        expect(healed.status, healed.text).toBe(200);
      });
    }
  }
});

describe('a failing KV write on sign-out is reported, never a fake success', () => {
  const cases = [
    { api: 'learning' as const, path: '/api/v1/auth/logout', me: '/api/v1/auth/me', token: async () => (await signedIn()).access_token },
    { api: 'progress' as const, path: '/api/users/logout', me: '/api/users/current', token: async () => (await makeUser('teacher')).token },
  ];
  for (const c of cases) {
    it(`${c.api}: POST ${c.path} with KV put failing → 503, the token still works; the retried sign-out revokes it`, async () => {
      const token = await c.token();
      const world = faultyWorld();
      world.kv.failWhen((k) => k.op === 'put');
      expectUnavailable(c.api, await world.send('POST', c.path, { token }), TOKEN_STORE);
      world.kv.heal();
      // Told it failed, and it did: the token is not revoked (the client retries).
      expect((await world.send('GET', c.me, { token })).status).toBe(200);
      const retried = await world.send('POST', c.path, { token });
      expect(retried.status, retried.text).toBe(200);
      expect((await world.send('GET', c.me, { token })).status).toBe(401);
    });
  }
});
