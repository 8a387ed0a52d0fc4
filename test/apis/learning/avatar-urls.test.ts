/**
 * The learning document shows absolute avatar URLs. Avatars uploaded in the personal center are
 * stored as this Worker's paths, so the learning API answers them on the request's origin (a frontend
 * on another origin would otherwise load the path from its own); URLs a user gave stay as they are.
 */
import { describe, expect, it } from 'vitest';
import { call } from '../../helpers/http';
import { mp4, signedIn, uploaded } from './fixtures';

describe('avatar URLs in the learning API', () => {
  it('a stored path is answered as an absolute URL on the request origin: me, login, list and detail', async () => {
    const path = '/api/user/avatars/1/0123456789abcdef0123456789abcdef.png';
    const teacher = await signedIn('teacher', { avatarUrl: path });
    const absolute = `http://localhost${path}`;
    expect((await call('GET', '/api/v1/auth/me', { token: teacher.access_token })).body.avatar_url).toBe(absolute);
    const login = await call('POST', '/api/v1/auth/login', { json: { email: teacher.email, password: teacher.password } });
    expect(login.body.user.avatar_url).toBe(absolute);
    const material = await uploaded(teacher.access_token, { file: mp4(2048) });
    expect((await call('GET', `/api/v1/materials/${material.id}`)).body.uploader_avatar).toBe(absolute);
    const list = await call('GET', '/api/v1/materials?page_size=100&sort_by=created_at&sort_order=desc');
    expect(list.body.items.find((m: { id: number }) => m.id === material.id).uploader_avatar).toBe(absolute);
  });

  it('an absolute URL or no avatar stays as stored', async () => {
    const given = await signedIn('student', { avatarUrl: 'https://cdn.example.test/a.png' });
    expect((await call('GET', '/api/v1/auth/me', { token: given.access_token })).body.avatar_url).toBe('https://cdn.example.test/a.png');
    const none = await signedIn('student');
    expect((await call('GET', '/api/v1/auth/me', { token: none.access_token })).body.avatar_url).toBeNull();
  });
});
