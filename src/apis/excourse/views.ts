import type { Account } from '../../domain/accounts/accounts';
import type { ExcourseUser } from '../../domain/schools/excourse-teachers';
import { onOrigin } from '../../http/urls';
import { isoWithOffset } from '../../platform/time-zone';

/**
 * The name an account signs in with here: its username, else its e-mail (the sysadmin bootstrapped
 * from ADMIN_EMAIL, campus teachers), else (an account with neither) its display name.
 */
export const loginName = (a: Account): string => a.username ?? a.email ?? a.name;

/** The excourse document's user object, in its field order; `password` is never sent. */
export function toExcourseUser(u: ExcourseUser, timezone: string, requestUrl: string) {
  const a = u.account;
  const p = u.profile;
  return {
    id: a.id,
    last_login: a.lastLoginAt === null ? null : isoWithOffset(a.lastLoginAt, timezone),
    is_superuser: a.role === 'sysadmin',
    username: loginName(a),
    work_id: p?.workId ?? null,
    icon: onOrigin(a.avatarUrl, requestUrl),
    phone: a.phone,
    email: a.email,
    is_grade: p?.isGrade ?? 0,
    is_super: p?.isSuper ?? 0,
    is_active: a.isActive,
    wechat: p?.wechat ?? null,
    create_time: isoWithOffset(a.createdAt, timezone),
    update_time: isoWithOffset(Math.max(a.updatedAt, p?.updatedAt ?? 0), timezone),
    is_delete: p?.isDelete ?? false,
    school_id: u.schoolId,
    groups: [] as number[],
    user_permissions: [] as number[],
  };
}
