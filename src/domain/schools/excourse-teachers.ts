import { and, eq, sql } from 'drizzle-orm';
import { accounts, excourseProfiles, schoolMembers, schools } from '../../db/schema';
import { hashPassword } from '../../platform/passwords';
import { findAccount, type Account } from '../accounts/accounts';
import { roleGroup } from '../accounts/roles';
import { signInWithLockout } from '../auth/login-throttle';
import { revokeAllSessions } from '../auth/sessions';
import { accountChangeAudits } from '../audit/account-changes';
import type { Deps } from '../deps';
import { AppError, fieldIssue, type FieldIssue } from '../errors';
import { consumeCode, releaseCode, sendCode, unusableCode } from '../verification/codes';
import type { SmsServices } from '../verification/sms';
import { insertAccountWhere, insertedAccountId, takenIdentifiers } from './account-rows';
import { batch, statement } from './d1-batch';
import type { Actor } from './schools';
import { SCHOOL_STATUS } from './status';

export type ExcourseProfile = typeof excourseProfiles.$inferSelect;

/** An account as the excourse document sees it: the shared row, its profile and its school. */
export interface ExcourseUser {
  account: Account;
  profile: ExcourseProfile | null;
  schoolId: number | null;
}

const schoolUnavailable = () => fieldIssue('school_id', 'SCHOOL_UNAVAILABLE', 'No approved school has this id');
const invalid = (fields: FieldIssue[]) =>
  new AppError('validation', 'REQUEST_REJECTED', fields.map((f) => `${f.field}: ${f.message}`).join('; '), { fields });

export async function findExcourseUser(deps: Deps, id: number): Promise<ExcourseUser | undefined> {
  const row = await deps.db
    .select({ account: accounts, profile: excourseProfiles, schoolId: schoolMembers.schoolId })
    .from(accounts)
    .leftJoin(excourseProfiles, eq(excourseProfiles.accountId, accounts.id))
    .leftJoin(schoolMembers, eq(schoolMembers.accountId, accounts.id))
    .where(eq(accounts.id, id))
    .get();
  return row && { account: row.account, profile: row.profile, schoolId: row.schoolId };
}

const approvedSchool = (id: number) => sql`EXISTS (SELECT 1 FROM schools WHERE id = ${id} AND status = ${SCHOOL_STATUS.approved})`;
const approvedSchoolId = (id: number) => sql`(SELECT id FROM schools WHERE id = ${id} AND status = ${SCHOOL_STATUS.approved})`;

async function schoolIsApproved(deps: Deps, id: number): Promise<boolean> {
  const row = await deps.db
    .select({ id: schools.id })
    .from(schools)
    .where(and(eq(schools.id, id), eq(schools.status, SCHOOL_STATUS.approved)))
    .get();
  return !!row;
}

/** Everything about a registration that can be wrong before the code is looked at. */
async function registrationIssues(deps: Deps, input: ExcourseRegistration): Promise<FieldIssue[]> {
  const issues = await takenIdentifiers(deps, { username: input.username, phone: input.phone, email: input.email });
  if (!(await schoolIsApproved(deps, input.schoolId))) issues.push(schoolUnavailable());
  return issues;
}

/**
 * POST /vertifications/: a registration code for a phone (and username) that can still register;
 * a code for one that cannot would be an SMS paid for nothing.
 */
export async function requestRegistrationCode(
  deps: Deps,
  sms: SmsServices,
  req: { phone: string; username?: string; clientIp: string | null },
): Promise<void> {
  const taken = await takenIdentifiers(deps, { phone: req.phone, username: req.username });
  if (taken.length) throw invalid(taken);
  await sendCode(deps, sms, { phone: req.phone, purpose: 'register', clientIp: req.clientIp });
}

export interface ExcourseRegistration {
  username: string;
  password: string;
  schoolId: number;
  phone: string;
  smsCode: string;
  email?: string | null;
  workId?: string | null;
  wechat?: string | null;
}

/**
 * Registers an excourse teacher: the school must be approved, the username, phone and e-mail free,
 * and the SMS code right. The account, its profile and its membership are one transaction whose
 * first statement inserts nothing unless the school is still approved and nothing is taken; a code
 * spent on a registration that then fails is given back.
 */
export async function registerExcourseTeacher(deps: Deps, input: ExcourseRegistration): Promise<ExcourseUser> {
  const before = await registrationIssues(deps, input);
  if (before.length) {
    // As DRF validates every field: a code that cannot be used whatever its digits (used, expired,
    // locked, never sent) is reported too. Its digits are not checked here: that would be a free try.
    const code = await unusableCode(deps, { phone: input.phone, purpose: 'register' });
    throw invalid([...before, ...(code?.details.fields ?? [])]);
  }
  const spent = await consumeCode(deps, { phone: input.phone, purpose: 'register', code: input.smsCode });

  const now = deps.clock.now();
  const passwordHash = await hashPassword(input.password, deps.config.passwordHashIterations);
  const values = {
    email: input.email ?? null,
    phone: input.phone,
    username: input.username,
    name: input.username,
    passwordHash,
    role: 'teacher' as const,
  };
  const newAccountId = insertedAccountId(input.username, passwordHash);
  let inserted = false;
  try {
    const [accountInsert] = await batch(deps, [
      statement(deps, insertAccountWhere(values, now, approvedSchool(input.schoolId))),
      statement(
        deps,
        sql`INSERT INTO excourse_profiles (account_id, work_id, wechat, is_grade, is_super, is_delete, registered, created_at, updated_at)
            SELECT id, ${input.workId ?? null}, ${input.wechat ?? null}, 0, 0, 0, 1, ${now}, ${now} FROM accounts WHERE id = ${newAccountId}`,
      ),
      statement(
        deps,
        sql`INSERT INTO school_members (account_id, school_id, role, created_at)
            SELECT id, ${input.schoolId}, 'teacher', ${now} FROM accounts WHERE id = ${newAccountId}`,
      ),
    ]);
    inserted = (accountInsert!.meta.changes ?? 0) > 0;
  } finally {
    if (!inserted) await releaseCode(deps, spent);
  }
  if (!inserted) {
    const after = await registrationIssues(deps, input);
    throw after.length
      ? invalid(after)
      : new AppError('conflict', 'ACCOUNT_CONFLICT', 'Registration failed for no reason found: try again');
  }
  const account = await findAccount(deps, { username: input.username });
  return (await findExcourseUser(deps, account!.id))!;
}

/**
 * A refused sign-in, about the request as a whole (DRF's non_field_errors): wrong credentials
 * (INVALID_CREDENTIALS), a disabled account (INACTIVE_USER), or the right password for an account this
 * API does not let in (STUDENT_ACCOUNT, DELETED_ACCOUNT).
 */
const loginRefused = (code: string, message: string) => new AppError('validation', code, message);

/**
 * Signs in by username (or, for accounts without one, by e-mail), as djangorestframework-jwt
 * answers: 400 with non_field_errors for wrong credentials or a disabled account. Students (campus)
 * and deleted teachers cannot sign in here.
 */
export async function signInExcourse(deps: Deps, username: string, password: string): Promise<Account> {
  // Accounts made elsewhere have no username (the sysadmin bootstrapped from ADMIN_EMAIL, campus
  // teachers): an e-mail that is nobody's username signs in by e-mail. Usernames are tried first,
  // except a campus student's (students never sign in here): an e-mail registered after a student took
  // it as a username still signs in, and its attempts do not count against the student.
  const named = username.includes('@') ? await findAccount(deps, { username }) : undefined;
  const byEmail = username.includes('@') && (!named || (named.role === 'student' && !!(await findAccount(deps, { email: username }))));
  let account: Account;
  try {
    account = await signInWithLockout(deps, byEmail ? { email: username } : { username }, password, async (a) => {
      if (a.role === 'student') throw loginRefused('STUDENT_ACCOUNT', 'A student account does not sign in here');
      const profile = await deps.db
        .select({ isDelete: excourseProfiles.isDelete })
        .from(excourseProfiles)
        .where(eq(excourseProfiles.accountId, a.id))
        .get();
      if (profile?.isDelete) throw loginRefused('DELETED_ACCOUNT', 'The excourse account is deleted');
    });
  } catch (e) {
    if (e instanceof AppError && e.code === 'INVALID_CREDENTIALS') throw loginRefused('INVALID_CREDENTIALS', 'Wrong username or password');
    if (e instanceof AppError && e.code === 'INACTIVE_USER') throw loginRefused('INACTIVE_USER', 'The account is disabled');
    throw e;
  }
  return account;
}

const notFound = () => new AppError('not_found', 'USER_NOT_FOUND', 'No such user');
const notAllowed = () => new AppError('forbidden', 'FORBIDDEN', 'Only the user themself or a sysadmin may edit a user');

/**
 * An excourse teacher: a non-student account that registered through this API and is not deleted.
 * A profile row alone is not enough: any account that edits itself here gets one (not registered).
 */
const isExcourseTeacher = (user: ExcourseUser) => !!user.profile?.registered && !user.profile.isDelete && user.account.role !== 'student';

/**
 * Any signed-in user may read an excourse teacher; other accounts only themselves, sysadmins anyone.
 * Phones and e-mails of learners, campus teachers and the sysadmin are not for every signed-in user to
 * list, and editing themselves here does not change that.
 */
export async function getExcourseUserFor(deps: Deps, actor: Actor, id: number): Promise<ExcourseUser> {
  const user = await findExcourseUser(deps, id);
  if (!user) throw notFound();
  if (!isExcourseTeacher(user) && actor.accountId !== id && actor.role !== 'sysadmin') throw notFound();
  return user;
}

export interface ExcoursePatch {
  password?: string;
  email?: string | null;
  icon?: string | null;
  wechat?: string | null;
  workId?: string | null;
  // Only a sysadmin may send these:
  isSuperuser?: boolean;
  isSuper?: 0 | 1;
  isGrade?: 0 | 1;
  isActive?: boolean;
  schoolId?: number;
}

const PRIVILEGED: (keyof ExcoursePatch)[] = ['isSuperuser', 'isSuper', 'isGrade', 'isActive', 'schoolId'];

function roleAfter(current: Account['role'], isSuperuser: boolean | undefined): Account['role'] {
  if (isSuperuser === true) return 'sysadmin';
  if (isSuperuser === false && current === 'sysadmin') return 'teacher';
  return current;
}

/** Who may edit an excourse user at all: every role but a campus student, who is no excourse teacher. */
export const EXCOURSE_EDITORS = roleGroup(
  ['teacher', 'admin', 'liaison', 'sysadmin'],
  () => new AppError('forbidden', 'FORBIDDEN', 'Students edit no excourse user'),
);

/**
 * PUT /users/{pk}/: the user themself or a sysadmin; permission, status and school fields only by a
 * sysadmin (refused, never applied, for anyone else). All rows change in one batch. A changed
 * password, a changed role or a disable revokes every token the target held.
 */
export async function updateExcourseUser(
  deps: Deps,
  actor: Actor & { sid?: string },
  targetId: number,
  patch: ExcoursePatch,
): Promise<ExcourseUser> {
  const target = await findExcourseUser(deps, targetId);
  const isSysadmin = actor.role === 'sysadmin';
  if (!target || (target.profile?.isDelete && !isSysadmin)) throw notFound();
  if (actor.accountId !== targetId && !isSysadmin) throw notAllowed();
  // Campus students share the accounts table but are no excourse teachers: they cannot give themselves a profile.
  if (target.account.role === 'student' && !isSysadmin) throw notAllowed();
  if (!isSysadmin && PRIVILEGED.some((k) => patch[k] !== undefined)) {
    throw new AppError(
      'forbidden',
      'PRIVILEGED_FIELDS',
      'Only a sysadmin changes is_superuser, is_super, is_grade, is_active and school_id',
    );
  }
  const issues: FieldIssue[] = [];
  if (actor.accountId === targetId && patch.isSuperuser === false)
    issues.push(fieldIssue('is_superuser', 'CANNOT_REVOKE_OWN_SUPERUSER', 'A sysadmin keeps their own role'));
  if (actor.accountId === targetId && patch.isActive === false)
    issues.push(fieldIssue('is_active', 'CANNOT_DISABLE_SELF', 'Nobody disables their own account'));
  const conflicts = async () => [
    ...(patch.email ? await takenIdentifiers(deps, { email: patch.email }, targetId) : []),
    ...(patch.schoolId !== undefined && !(await schoolIsApproved(deps, patch.schoolId)) ? [schoolUnavailable()] : []),
  ];
  issues.push(...(await conflicts()));
  if (issues.length) throw invalid(issues);
  // Nothing to change (`{}`): nothing is written, so update_time does not claim a change that never happened.
  if (Object.values(patch).every((v) => v === undefined)) return target;

  const now = deps.clock.now();
  const account = target.account;
  const role = roleAfter(account.role, patch.isSuperuser);
  const passwordHash = patch.password !== undefined ? await hashPassword(patch.password, deps.config.passwordHashIterations) : undefined;
  const accountSet: Partial<typeof accounts.$inferInsert> = { updatedAt: now, role };
  if (passwordHash !== undefined) accountSet.passwordHash = passwordHash;
  if (patch.email !== undefined) accountSet.email = patch.email;
  if (patch.icon !== undefined) accountSet.avatarUrl = patch.icon;
  if (patch.isActive !== undefined) accountSet.isActive = patch.isActive;
  const profileSet: { updatedAt: number; workId?: string | null; wechat?: string | null; isGrade?: number; isSuper?: number } = {
    updatedAt: now,
  };
  if (patch.workId !== undefined) profileSet.workId = patch.workId;
  if (patch.wechat !== undefined) profileSet.wechat = patch.wechat;
  if (patch.isGrade !== undefined) profileSet.isGrade = patch.isGrade;
  if (patch.isSuper !== undefined) profileSet.isSuper = patch.isSuper;

  const statements = [
    deps.db.update(accounts).set(accountSet).where(eq(accounts.id, targetId)),
    deps.db
      .insert(excourseProfiles)
      // A row made here is no registration: the account stays what it was (see isExcourseTeacher).
      .values({
        accountId: targetId,
        workId: null,
        wechat: null,
        isGrade: 0,
        isSuper: 0,
        isDelete: false,
        registered: false,
        createdAt: now,
        ...profileSet,
      })
      .onConflictDoUpdate({ target: excourseProfiles.accountId, set: profileSet }),
  ] as const;
  const { password: _password, isSuperuser: _role, isActive: _active, ...rest } = patch;
  const audits = accountChangeAudits(deps, actor, {
    targetId,
    wasActive: account.isActive,
    isActive: patch.isActive,
    roleBefore: account.role,
    roleAfter: role,
    passwordChanged: passwordHash !== undefined,
    fields: Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
  });
  // Tokens before the write (see revokeAllSessions): a KV failure then changes nothing. Issue 6: a
  // password change revokes the user's *other* tokens, so users changing their own keep this session.
  const sessionsRevoked = passwordHash !== undefined || role !== account.role || (patch.isActive === false && account.isActive);
  if (sessionsRevoked) await revokeAllSessions(deps, targetId, actor.accountId === targetId ? actor.sid : undefined);
  try {
    if (patch.schoolId === undefined) {
      await deps.db.batch([...statements, ...audits]);
    } else {
      // NULL (school no longer approved) violates NOT NULL and rolls the whole batch back.
      await deps.db.batch([
        ...statements,
        ...audits,
        deps.db
          .insert(schoolMembers)
          .values({
            accountId: targetId,
            schoolId: approvedSchoolId(patch.schoolId),
            role: account.role === 'student' ? 'student' : 'teacher',
            createdAt: now,
          })
          .onConflictDoUpdate({ target: schoolMembers.accountId, set: { schoolId: approvedSchoolId(patch.schoolId) } }),
      ]);
    }
  } catch (e) {
    const raced = await conflicts();
    if (raced.length) throw invalid(raced);
    throw e;
  }
  return (await findExcourseUser(deps, targetId))!;
}
