import { describe, expect, it } from 'vitest';
import { parseBookmark } from '../../src/http/services';
import { call, uniqueEmail } from '../helpers/http';

const ORIGIN = 'http://localhost:3000';

describe('D1 sessions and x-d1-bookmark', () => {
  it('returns a bookmark after a write, and a read carrying it sees the write', async () => {
    const email = uniqueEmail('session');
    const reg = await call('POST', '/api/v1/auth/register', { json: { email, name: 'Session', password: 'password-123' } });
    expect(reg.status).toBe(201);
    const bookmark = reg.headers.get('x-d1-bookmark');
    expect(bookmark).toBeTruthy();
    expect(parseBookmark(bookmark!)).toBe(bookmark);

    const login = await call('POST', '/api/v1/auth/login', {
      json: { email, password: 'password-123' },
      headers: { 'x-d1-bookmark': bookmark! },
    });
    expect(login.status).toBe(200);
    const me = await call('GET', '/api/v1/auth/me', {
      token: login.body.access_token,
      headers: { 'x-d1-bookmark': login.headers.get('x-d1-bookmark')! },
    });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe(email);
    expect(me.headers.get('x-d1-bookmark')).toBeTruthy();
  });

  it('sends the bookmark on errors too', async () => {
    const bad = await call('POST', '/api/v1/auth/login', { json: { email: uniqueEmail('nobody'), password: 'password-123' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('x-d1-bookmark')).toBeTruthy();
  });

  it('exposes the header through CORS', async () => {
    const res = await call('GET', '/api/v1/materials', { headers: { Origin: ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-d1-bookmark')).toBeTruthy();
    expect(res.headers.get('Access-Control-Expose-Headers')?.toLowerCase()).toContain('x-d1-bookmark');
  });

  it('ignores a malformed bookmark instead of failing', async () => {
    for (const junk of ['not a bookmark', "'; DROP TABLE accounts; --", 'zz-zz', 'a'.repeat(300), '---']) {
      const res = await call('GET', '/api/v1/materials', { headers: { 'x-d1-bookmark': junk } });
      expect(res.status).toBe(200);
      const returned = res.headers.get('x-d1-bookmark');
      expect(returned).toBeTruthy();
      expect(returned).not.toBe(junk);
    }
  });

  it('answers a well-formed bookmark that D1 never issued without a 500', async () => {
    const res = await call('GET', '/api/v1/materials', { headers: { 'x-d1-bookmark': 'ffffffff-ffffffff-ffffffff-0123456789abcdef' } });
    expect(res.status, res.text).toBeLessThan(500);
  });

  it('accepts only dash-separated hex bookmarks', () => {
    expect(parseBookmark('00000001-00000002-00004f68-c2a0a8e4f1b5')).toBe('00000001-00000002-00004f68-c2a0a8e4f1b5');
    expect(parseBookmark(undefined)).toBeNull();
    expect(parseBookmark('')).toBeNull();
    expect(parseBookmark('hello')).toBeNull();
  });
});
