import { describe, expect, it } from 'vitest';
import { call } from '../../helpers/http';
import { adminToken, approvedSchool, excourseTeacher, jwt, uniqueEmail } from '../campus/support';
import { signedIn, uploaded } from './fixtures';

/**
 * Issue 16, privacy: the learning API shows an e-mail only in the caller's own user object (register,
 * login, /auth/me). What other users see of an uploader (uploader_id, uploader_name, uploader_avatar)
 * holds no e-mail or phone, for any viewer; the audit log (sysadmins only) is read in full.
 */
describe('learning: contact details', () => {
  it('the caller’s own user object carries their e-mail in full', async () => {
    const me = await signedIn('student');
    const res = await call('GET', '/api/v1/auth/me', { token: me.access_token });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ id: me.id, email: me.email });
  });

  it('another user reading materials sees the uploader without e-mail', async () => {
    const uploader = await signedIn('teacher');
    const material = await uploaded(uploader.access_token, { title: 'privacy' });
    const reader = await signedIn('student');
    const detail = await call('GET', `/api/v1/materials/${material.id}`, { token: reader.access_token });
    expect(detail.status, detail.text).toBe(200);
    const list = await call('GET', '/api/v1/materials?page_size=100', { token: reader.access_token });
    expect(list.status, list.text).toBe(200);
    expect(list.body.items.some((m: any) => m.uploader_id === uploader.id)).toBe(true);
    for (const text of [detail.text, list.text]) {
      expect(text).not.toContain(uploader.email);
      expect(text).not.toMatch(/"[a-z_]*(email|phone|mobile)[a-z_]*"\s*:/);
    }
  });

  it('the audit log shows an e-mail a sysadmin set in full, to sysadmins only (an admin is refused)', async () => {
    const { schoolId } = await approvedSchool();
    const t = await excourseTeacher(schoolId);
    const email = uniqueEmail('audited');
    const root = await adminToken();
    expect((await call('PUT', `/users/${t.id}/`, { headers: jwt(root), json: { email } })).status).toBe(200);
    const res = await call('GET', '/api/v1/admin/audit?action=user.update&page_size=100', { token: root });
    expect(res.status, res.text).toBe(200);
    expect(res.body.items.find((e: any) => e.target?.id === String(t.id))?.detail).toMatchObject({ email });
    const admin = await signedIn('admin');
    expect((await call('GET', '/api/v1/admin/audit', { token: admin.access_token })).status).toBe(403);
  });
});
