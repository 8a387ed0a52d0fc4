/**
 * R2 failing while a file is served: the client gets 503 with Retry-After in its API's envelope
 * (storage is down, the file is not gone and nothing is wrong with the request), never a 500 or a
 * 404; and once R2 answers again the same URL serves the file.
 */
import { describe, expect, it } from 'vitest';
import { call } from '../helpers/http';
import { faultyWorld } from '../helpers/faulty-bindings';
import { mp4, png, signedIn, uploaded } from '../apis/learning/fixtures';
import { expectOk, fileForm, learner } from '../apis/personal-center/support';

describe('file delivery when R2 fails', () => {
  it('a material file and its thumbnail (GET and HEAD): 503 INTERNAL_ERROR with Retry-After in the learning envelope', async () => {
    const teacher = await signedIn('teacher');
    const material = await uploaded(teacher.access_token, { file: mp4(4096), thumbnail: png() });
    const world = faultyWorld();
    world.r2.failWhen((c) => c.op === 'get' || c.op === 'head');
    for (const [method, path] of [
      ['GET', `/api/v1/materials/${material.id}/file`],
      ['HEAD', `/api/v1/materials/${material.id}/file`],
      ['GET', `/api/v1/materials/${material.id}/file`, 'bytes=0-9'],
      ['GET', `/api/v1/materials/${material.id}/thumbnail`],
    ] as const) {
      const res = await world.send(method, path);
      expect(res.status, `${method} ${path}`).toBe(503);
      expect(res.headers.get('Retry-After')).toBe('5');
      if (method === 'GET')
        expect(res.body).toEqual({ error: { code: 'INTERNAL_ERROR', message: expect.stringMatching(/storage/i), details: {} } });
    }
    expect(world.r2.failed.length).toBeGreaterThanOrEqual(4);

    const healthy = await call('GET', `/api/v1/materials/${material.id}/file`);
    expect(healthy.status).toBe(200);
  });

  it('an avatar: 503 in the personal center envelope', async () => {
    const u = await learner();
    const url = expectOk(
      await call('POST', '/api/user/avatar', { token: u.token, body: fileForm('avatar', png(1024), {}, 'me.png', 'image/png') }),
    ).avatar_url as string;
    const world = faultyWorld();
    world.r2.failWhen((c) => c.op === 'get');
    const res = await world.send('GET', url);
    expect(res.status).toBe(503);
    expect(res.headers.get('Retry-After')).toBe('5');
    expect(res.body).toMatchObject({ status: 'error', message: '服务暂不可用' });
    expect((await call('GET', url)).status).toBe(200);
  });
});
