/**
 * Every administrative action writes exactly one audit row (actor, action, target) in whichever API
 * it happens; a refused or failed one writes none; no detail holds a secret.
 */
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { accounts, schools } from '../../src/db/schema';
import { JOBS } from '../../src/domain/jobs/registry';
import { runJob, setPaused } from '../../src/domain/jobs/runner';
import { testDeps } from '../helpers/deps';
import { call, uniqueEmail } from '../helpers/http';
import { signedIn, type SignedIn } from './learning/fixtures';
import { auditRowsByActor, auditRowsOfTarget, detailOf, systemRowsAt, type AuditRow } from './audit-support';
import { campusTeacher, createSchool } from './campus/support';
import { makeDepartment, upload, xlsx } from './progress/support';

const expectOneRow = (rows: AuditRow[], actor: SignedIn, action: string, target: { type: string; id: string } | null) => {
  expect(rows, JSON.stringify(rows)).toHaveLength(1);
  const [row] = rows;
  expect(row).toMatchObject({
    actorId: actor.id,
    actorRole: actor.role,
    action,
    targetType: target?.type ?? null,
    targetId: target?.id ?? null,
  });
  expect(row!.requestId).toMatch(/\S/);
  return row!;
};

describe('learning: scheduler and cleanup', () => {
  it('pause and resume write one row each, with the job as target', async () => {
    const root = await signedIn('sysadmin');
    const job = 'thumbnail_job';
    expect((await call('POST', `/api/v1/admin/scheduler/jobs/${job}/pause`, { token: root.access_token })).status).toBe(200);
    expectOneRow(await auditRowsByActor(root.id), root, 'job.pause', { type: 'job', id: job });
    expect((await call('POST', `/api/v1/admin/scheduler/jobs/${job}/resume`, { token: root.access_token })).status).toBe(200);
    const rows = await auditRowsByActor(root.id);
    expect(rows.map((r) => r.action)).toEqual(['job.pause', 'job.resume']);
    const admin = await signedIn('admin');
    expect((await call('POST', `/api/v1/admin/scheduler/jobs/${job}/resume`, { token: admin.access_token })).status).toBe(200);
    expectOneRow(await auditRowsByActor(admin.id), admin, 'job.resume', { type: 'job', id: job });
  });

  it('an unknown job or a caller who is no administrator writes nothing', async () => {
    const root = await signedIn('sysadmin');
    expect((await call('POST', '/api/v1/admin/scheduler/jobs/no_such_job/pause', { token: root.access_token })).status).toBe(404);
    const teacher = await signedIn('teacher');
    expect((await call('POST', '/api/v1/admin/scheduler/jobs/thumbnail_job/pause', { token: teacher.access_token })).status).toBe(403);
    expect(await auditRowsByActor(root.id)).toEqual([]);
    expect(await auditRowsByActor(teacher.id)).toEqual([]);
  });

  it('setPaused without an actor (internal use) writes nothing', async () => {
    const deps = testDeps();
    const at = deps.clock.now() - 123_456_789;
    deps.clock.set(at);
    await setPaused(deps, 'token_cleanup_job', false);
    expect(await systemRowsAt(at)).toEqual([]);
  });

  it('a manual cleanup writes one row with its options and counts; a refused one writes none', async () => {
    const root = await signedIn('sysadmin');
    const res = await call('POST', '/api/v1/admin/cleanup', {
      token: root.access_token,
      json: { cleanup_orphans: false, max_age_minutes: 45 },
    });
    expect(res.status, res.text).toBe(200);
    const row = expectOneRow(await auditRowsByActor(root.id), root, 'cleanup.run', null);
    expect(detailOf(row)).toMatchObject({
      trigger: 'manual',
      cleanup_processing: true,
      cleanup_orphans: false,
      max_age_minutes: 45,
      cleaned_records: res.body.cleaned_records,
    });
    const student = await signedIn('student');
    expect((await call('POST', '/api/v1/admin/cleanup', { token: student.access_token, json: {} })).status).toBe(403);
    expect((await call('POST', '/api/v1/admin/cleanup', { token: root.access_token, json: { max_age_minutes: 0 } })).status).toBe(422);
    expect(await auditRowsByActor(student.id)).toEqual([]);
    expect(await auditRowsByActor(root.id)).toHaveLength(1);
  });

  it('a scheduled cleanup run is recorded for the system (no actor, role system)', async () => {
    const deps = testDeps();
    const at = deps.clock.now() - 987_654_321; // a millisecond no other run uses
    deps.clock.set(at);
    await runJob(deps, JOBS.find((j) => j.id === 'cleanup_job')!, 'cron');
    const rows = await systemRowsAt(at);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorId: null, actorRole: 'system', action: 'cleanup.run', targetType: null, requestId: null });
    expect(detailOf(rows[0]!)).toMatchObject({ trigger: 'cron', cleanup_processing: true, cleanup_orphans: true, max_age_minutes: 30 });
  });
});

describe('progress: users, departments, imports', () => {
  it('disabling a user writes one row; disabling yourself or as a teacher writes none', async () => {
    const root = await signedIn('sysadmin');
    const target = await signedIn('teacher');
    const res = await call('POST', `/api/users/disable/${target.id}`, { token: root.access_token });
    expect(res.status, res.text).toBe(200);
    const row = expectOneRow(await auditRowsByActor(root.id), root, 'user.disable', { type: 'account', id: String(target.id) });
    expect(detailOf(row)).toEqual({ was_active: true });
    expect((await call('POST', `/api/users/disable/${root.id}`, { token: root.access_token })).status).toBe(400);
    const teacher = await signedIn('teacher');
    expect((await call('POST', `/api/users/disable/${target.id}`, { token: teacher.access_token })).status).toBe(403);
    expect(await auditRowsByActor(root.id)).toHaveLength(1);
    expect(await auditRowsByActor(teacher.id)).toEqual([]);
  });

  it('creating an account for someone writes one row with the new account as target; self-registration writes none', async () => {
    const admin = await signedIn('admin');
    const d = await makeDepartment();
    const email = uniqueEmail('made');
    const password = 'made-password-1';
    const res = await call('POST', '/api/users', {
      token: admin.access_token,
      json: { username: 'made', email, password, departmentId: d.id, roles: 3 },
    });
    expect(res.status, res.text).toBe(200);
    const made = await testDeps().db.select().from(accounts).where(eq(accounts.email, email)).get();
    const row = expectOneRow(await auditRowsByActor(admin.id), admin, 'user.create', { type: 'account', id: String(made!.id) });
    expect(detailOf(row)).toEqual({ role: 'liaison', department_id: d.id });
    expect(row.detail).not.toContain(password);
    // Refused (an admin cannot make a sysadmin) and a taken e-mail: nothing more.
    expect(
      (
        await call('POST', '/api/users', {
          token: admin.access_token,
          json: { username: 'x', email: uniqueEmail('x'), password, departmentId: d.id, roles: 4 },
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await call('POST', '/api/users', {
          token: admin.access_token,
          json: { username: 'x', email, password, departmentId: d.id, roles: 1 },
        })
      ).status,
    ).not.toBe(200);
    expect(await auditRowsByActor(admin.id)).toHaveLength(1);
    const selfEmail = uniqueEmail('self');
    expect(
      (await call('POST', '/api/users', { json: { username: 'self', email: selfEmail, password, departmentId: d.id, roles: 1 } })).status,
    ).toBe(200);
    const self = await testDeps().db.select().from(accounts).where(eq(accounts.email, selfEmail)).get();
    expect(await auditRowsOfTarget('account', self!.id)).toEqual([]);
  });

  it('creating a department writes one row; a taken name writes none', async () => {
    const admin = await signedIn('admin');
    const name = `审计部门-${crypto.randomUUID()}`;
    const res = await call('POST', '/api/departments', { token: admin.access_token, json: { name } });
    expect(res.status, res.text).toBe(200);
    expectOneRow(await auditRowsByActor(admin.id), admin, 'department.create', { type: 'department', id: String(res.body.data.id) });
    expect((await call('POST', '/api/departments', { token: admin.access_token, json: { name } })).status).not.toBe(200);
    expect(await auditRowsByActor(admin.id)).toHaveLength(1);
  });

  it('an import writes one row with its counts and no password; an import that imports nothing writes none', async () => {
    const root = await signedIn('sysadmin');
    const d = await makeDepartment();
    const HEADER = ['用户名', '邮箱', '密码', '部门名称'];
    const good = xlsx([HEADER, ['甲', uniqueEmail('imp'), 'secret-pass-1', d.name], ['乙', 'not-an-email', 'secret-pass-2', d.name]]);
    const res = await upload('/api/import/users', root.access_token, good);
    expect(res.status, res.text).toBe(200);
    const row = expectOneRow(await auditRowsByActor(root.id), root, 'import.users', null);
    expect(detailOf(row)).toEqual({ imported: 1, rejected_rows: 1 });
    expect(row.detail).not.toMatch(/secret-pass/);
    const bad = xlsx([HEADER, ['丙', 'still-not-an-email', 'secret-pass-3', d.name]]);
    expect((await upload('/api/import/users', root.access_token, bad)).status).not.toBe(200);
    const teacher = await signedIn('teacher');
    expect((await upload('/api/import/departments', teacher.access_token, xlsx([['部门名称'], ['x']]))).status).not.toBe(200);
    expect(await auditRowsByActor(root.id)).toHaveLength(1);
    expect(await auditRowsByActor(teacher.id)).toEqual([]);
  });

  it('department and lesson-task imports have their own actions', async () => {
    const root = await signedIn('sysadmin');
    const res = await upload(
      '/api/import/departments',
      root.access_token,
      xlsx([
        ['部门名称', '部门描述'],
        [`导入部门-${crypto.randomUUID()}`, 'x'],
      ]),
    );
    expect(res.status, res.text).toBe(200);
    expectOneRow(await auditRowsByActor(root.id), root, 'import.departments', null);
  });
});

describe('campus: school review', () => {
  it('approve and reject write one row each; repeating either writes none', async () => {
    const reviewer = await signedIn('sysadmin');
    const owner = await campusTeacher();
    const school = await createSchool(owner.token);
    const target = { type: 'school', id: String(school.id) };
    expect((await call('POST', `/v1/admin/schools/${school.id}/approve`, { token: reviewer.access_token })).status).toBe(200);
    expectOneRow(await auditRowsByActor(reviewer.id), reviewer, 'school.approve', target);
    expect((await call('POST', `/v1/admin/schools/${school.id}/approve`, { token: reviewer.access_token })).status).not.toBe(200);
    expect(await auditRowsByActor(reviewer.id)).toHaveLength(1);
    const reject = () =>
      call('POST', `/v1/admin/schools/${school.id}/reject`, { token: reviewer.access_token, json: { reason: '材料不全' } });
    expect((await reject()).status).toBe(200);
    expect((await reject()).status).not.toBe(200);
    const rows = await auditRowsByActor(reviewer.id);
    expect(rows.map((r) => r.action)).toEqual(['school.approve', 'school.reject']);
    expect(rows[1]).toMatchObject({ actorRole: 'sysadmin', targetType: 'school', targetId: String(school.id) });
    expect(detailOf(rows[1]!)).toEqual({ reason: '材料不全' });
    expect((await testDeps().db.select().from(schools).where(eq(schools.id, school.id)).get())!.status).toBe(3);
  });

  it('an unknown school or a teacher reviewing writes nothing', async () => {
    const reviewer = await signedIn('admin');
    expect((await call('POST', '/v1/admin/schools/987654321/approve', { token: reviewer.access_token })).status).not.toBe(200);
    const owner = await campusTeacher();
    const school = await createSchool(owner.token);
    expect((await call('POST', `/v1/admin/schools/${school.id}/approve`, { token: owner.token })).status).not.toBe(200);
    expect(await auditRowsByActor(reviewer.id)).toEqual([]);
    expect(await auditRowsOfTarget('school', school.id)).toEqual([]);
  });
});

describe('excourse: a sysadmin editing a teacher', () => {
  it('disable, role change and password reset are one row each; the password is nowhere', async () => {
    const root = await signedIn('sysadmin');
    const target = await signedIn('teacher');
    const password = 'brand-new-secret-9';
    const res = await call('PUT', `/users/${target.id}/`, {
      token: root.access_token,
      json: { is_active: false, is_superuser: true, password, is_grade: 1 },
    });
    expect(res.status, res.text).toBe(200);
    const rows = await auditRowsByActor(root.id);
    expect(rows.map((r) => r.action).sort()).toEqual(['user.disable', 'user.password_reset', 'user.role_change', 'user.update']);
    for (const r of rows) expect(r).toMatchObject({ actorRole: 'sysadmin', targetType: 'account', targetId: String(target.id) });
    expect(detailOf(rows.find((r) => r.action === 'user.role_change')!)).toEqual({ from: 'teacher', to: 'sysadmin' });
    expect(detailOf(rows.find((r) => r.action === 'user.update')!)).toEqual({ isGrade: 1 });
    for (const r of rows) expect(r.detail ?? '').not.toMatch(/brand-new-secret|password/i);
  });

  it('a teacher editing themselves, or sending privileged fields, writes nothing', async () => {
    const teacher = await signedIn('teacher');
    expect((await call('PUT', `/users/${teacher.id}/`, { token: teacher.access_token, json: { wechat: 'me' } })).status).toBe(200);
    expect((await call('PUT', `/users/${teacher.id}/`, { token: teacher.access_token, json: { is_active: false } })).status).toBe(403);
    expect(await auditRowsByActor(teacher.id)).toEqual([]);
    expect(await auditRowsOfTarget('account', teacher.id)).toEqual([]);
  });
});
