import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { WORDS as CAMPUS_WORDS } from '../../../src/apis/campus/words';
import { schoolMembers, schools } from '../../../src/db/schema';
import { createAccount } from '../../../src/domain/accounts/accounts';
import {
  approveSchool,
  createSchool,
  deleteSchool,
  getSchoolFor,
  listMySchools,
  listSchoolsForReview,
  rejectSchool,
  renameSchool,
} from '../../../src/domain/schools/schools';
import { say } from '../../../src/http/words';
import { testDeps } from '../../helpers/deps';
import { uniqueEmail } from '../../helpers/http';
import { uniqueName } from '../../apis/campus/support';

const deps = testDeps();

async function account(role: 'teacher' | 'admin' | 'student' = 'teacher') {
  const a = await createAccount(
    deps,
    { email: uniqueEmail('school'), name: 'T', password: 'password-1', role },
    { selfRegistration: false },
  );
  return { accountId: a.id, role: a.role };
}

const name = () => uniqueName('学校');

describe('schools', () => {
  it('a new school is pending; names are unique (case-insensitively) among schools that are not rejected', async () => {
    const owner = await account();
    const n = `School ${uniqueName()}`;
    const s = await createSchool(deps, owner.accountId, `  ${n}  `);
    expect(s).toMatchObject({ name: n, status: 1, rejectReason: '', ownerId: owner.accountId });
    await expect(createSchool(deps, (await account()).accountId, n.toUpperCase())).rejects.toMatchObject({
      code: 'SCHOOL_NAME_TAKEN',
      details: { fields: [{ field: 'name' }] },
    });
    await rejectSchool(deps, owner.accountId, s.id, 'no');
    const again = await createSchool(deps, (await account()).accountId, n);
    expect(again.id).not.toBe(s.id);
  });

  it('parallel creations of one name: exactly one succeeds', async () => {
    const n = name();
    const owners = await Promise.all([account(), account(), account(), account()]);
    const results = await Promise.allSettled(owners.map((o) => createSchool(deps, o.accountId, n)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('lists the schools I own or belong to, newest first, with is_owner', async () => {
    const me = await account();
    const other = await account();
    const mine1 = await createSchool(deps, me.accountId, name());
    const mine2 = await createSchool(deps, me.accountId, name());
    const theirs = await createSchool(deps, other.accountId, name());
    await createSchool(deps, other.accountId, name());
    await deps.db.insert(schoolMembers).values({ accountId: me.accountId, schoolId: theirs.id, role: 'teacher', createdAt: 1 }).run();
    const page = await listMySchools(deps, me.accountId, { page: 1, perPage: 15 });
    expect(page.total).toBe(3);
    expect(page.rows.map((s) => [s.id, s.isOwner])).toEqual([
      [theirs.id, false],
      [mine2.id, true],
      [mine1.id, true],
    ]);
    const second = await listMySchools(deps, me.accountId, { page: 2, perPage: 2 });
    expect(second.rows.map((s) => s.id)).toEqual([mine1.id]);
  });

  it('detail: owner, members and administrators; others are refused', async () => {
    const owner = await account();
    const s = await createSchool(deps, owner.accountId, name());
    await expect(getSchoolFor(deps, owner, s.id)).resolves.toMatchObject({ id: s.id, isOwner: true });
    await expect(getSchoolFor(deps, await account('admin'), s.id)).resolves.toMatchObject({ isOwner: false });
    await expect(getSchoolFor(deps, await account(), s.id)).rejects.toMatchObject({ kind: 'forbidden' });
    await expect(getSchoolFor(deps, owner, 987654321)).rejects.toMatchObject({ kind: 'not_found', code: 'SCHOOL_NOT_FOUND' });
  });

  it('rename: owner only; a rejected school goes back to review, an approved one stays approved', async () => {
    const owner = await account();
    const admin = await account('admin');
    const s = await createSchool(deps, owner.accountId, name());
    await expect(renameSchool(deps, (await account()).accountId, s.id, name())).rejects.toMatchObject({ kind: 'forbidden' });
    await rejectSchool(deps, admin.accountId, s.id, '名称不规范');
    const resubmitted = await renameSchool(deps, owner.accountId, s.id, name());
    expect(resubmitted).toMatchObject({ status: 1, rejectReason: '' });
    await approveSchool(deps, admin.accountId, s.id);
    const renamed = await renameSchool(deps, owner.accountId, s.id, name());
    expect(renamed.status).toBe(2);
    await expect(renameSchool(deps, owner.accountId, 987654321, name())).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('rename to a name in use is refused; parallel renames to one name: one wins', async () => {
    const owner = await account();
    const a = await createSchool(deps, owner.accountId, name());
    const b = await createSchool(deps, owner.accountId, name());
    await expect(renameSchool(deps, owner.accountId, b.id, a.name.toLowerCase())).rejects.toMatchObject({ code: 'SCHOOL_NAME_TAKEN' });
    const target = name();
    const c = await createSchool(deps, owner.accountId, name());
    const results = await Promise.allSettled([
      renameSchool(deps, owner.accountId, b.id, target),
      renameSchool(deps, owner.accountId, c.id, target),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('delete: owner only, and refused while members remain, saying how many', async () => {
    const owner = await account();
    const s = await createSchool(deps, owner.accountId, name());
    await expect(deleteSchool(deps, (await account()).accountId, s.id)).rejects.toMatchObject({ kind: 'forbidden' });
    const student = await account('student');
    const teacher = await account();
    await deps.db
      .insert(schoolMembers)
      .values([
        { accountId: student.accountId, schoolId: s.id, role: 'student', createdAt: 1 },
        { accountId: teacher.accountId, schoolId: s.id, role: 'teacher', createdAt: 1 },
      ])
      .run();
    const err = await deleteSchool(deps, owner.accountId, s.id).catch((e) => e);
    expect(err).toMatchObject({ kind: 'conflict', code: 'SCHOOL_HAS_MEMBERS', details: { params: { students: 1, teachers: 1 } } });
    // The campus API words it (src/apis/campus/words.ts).
    expect(say(CAMPUS_WORDS, err.code, err.params)).toBe(
      '该学校下还有 1 名学生和 1 名教师，请先移除学生，并联系超级管理员将教师调到其他学校，再删除学校',
    );
    expect(await deps.db.select().from(schools).where(eq(schools.id, s.id)).get()).toBeTruthy();
    await deps.db.delete(schoolMembers).where(eq(schoolMembers.schoolId, s.id)).run();
    await deleteSchool(deps, owner.accountId, s.id);
    expect(await deps.db.select().from(schools).where(eq(schools.id, s.id)).get()).toBeUndefined();
    await expect(deleteSchool(deps, owner.accountId, s.id)).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('review: approve pending, reject with a reason, approve a rejected one; repeats are refused', async () => {
    const owner = await account();
    const admin = await account('admin');
    const s = await createSchool(deps, owner.accountId, name());
    const approved = await approveSchool(deps, admin.accountId, s.id);
    expect(approved).toMatchObject({ status: 2, reviewedBy: admin.accountId, reviewedAt: expect.any(Number) });
    await expect(approveSchool(deps, admin.accountId, s.id)).rejects.toMatchObject({ code: 'SCHOOL_ALREADY_APPROVED', kind: 'conflict' });
    const rejected = await rejectSchool(deps, admin.accountId, s.id, '  撤销  ');
    expect(rejected).toMatchObject({ status: 3, rejectReason: '撤销' });
    await expect(rejectSchool(deps, admin.accountId, s.id, 'again')).rejects.toMatchObject({ code: 'SCHOOL_ALREADY_REJECTED' });
    expect(await approveSchool(deps, admin.accountId, s.id)).toMatchObject({ status: 2, rejectReason: '' });
    await expect(approveSchool(deps, admin.accountId, 987654321)).rejects.toMatchObject({ kind: 'not_found' });
    await expect(rejectSchool(deps, admin.accountId, 987654321, 'x')).rejects.toMatchObject({ kind: 'not_found' });
  });

  it('a rejected school cannot be approved while another open school has taken its name', async () => {
    const admin = await account('admin');
    const n = name();
    const first = await createSchool(deps, (await account()).accountId, n);
    await rejectSchool(deps, admin.accountId, first.id, 'dup');
    await createSchool(deps, (await account()).accountId, n);
    await expect(approveSchool(deps, admin.accountId, first.id)).rejects.toMatchObject({ code: 'SCHOOL_NAME_TAKEN', kind: 'conflict' });
    expect((await deps.db.select().from(schools).where(eq(schools.id, first.id)).get())!.status).toBe(3);
  });

  it('the review list filters by status and carries the owner', async () => {
    const owner = await account();
    const s = await createSchool(deps, owner.accountId, name());
    const pending = await listSchoolsForReview(deps, 1, { page: 1, perPage: 100 });
    expect(pending.rows.every((r) => r.status === 1)).toBe(true);
    const row = pending.rows.find((r) => r.id === s.id);
    expect(row).toMatchObject({ ownerName: 'T', ownerEmail: expect.stringContaining('@') });
    const approvedOnly = await listSchoolsForReview(deps, 2, { page: 1, perPage: 100 });
    expect(approvedOnly.rows.find((r) => r.id === s.id)).toBeUndefined();
    const all = await listSchoolsForReview(deps, null, { page: 1, perPage: 1 });
    expect(all.total).toBeGreaterThanOrEqual(pending.total);
    expect(all.rows).toHaveLength(1);
  });
});
