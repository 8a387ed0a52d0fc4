import type { Account } from '../../domain/accounts/accounts';
import { contactView, type Viewer } from '../../domain/accounts/privacy';
import type { ExcourseUser } from '../../domain/schools/excourse-teachers';
import { onOrigin } from '../../http/urls';
import { isoWithOffset } from '../../platform/time-zone';

/**
 * The name an account signs in with here: its username, else its e-mail (the sysadmin bootstrapped
 * from ADMIN_EMAIL, campus teachers), else (an account with neither) its display name.
 */
export const loginName = (a: Account): string => a.username ?? a.email ?? a.name;

/**
 * The excourse document's user object, in its field order; `password` is never sent. `phone`, `email`
 * and `wechat` are in full for the user themself and administrators, masked for every other viewer
 * (src/domain/accounts/privacy.ts); so is `username` where it falls back to the e-mail.
 */
export function toExcourseUser(u: ExcourseUser, timezone: string, requestUrl: string, viewer: Viewer) {
  const a = u.account;
  const p = u.profile;
  const show = contactView(viewer, a.id);
  return {
    id: a.id,
    last_login: a.lastLoginAt === null ? null : isoWithOffset(a.lastLoginAt, timezone),
    is_superuser: a.role === 'sysadmin',
    username: loginName({ ...a, email: show.email(a.email) }),
    work_id: p?.workId ?? null,
    icon: onOrigin(a.avatarUrl, requestUrl),
    phone: show.phone(a.phone),
    email: show.email(a.email),
    is_grade: p?.isGrade ?? 0,
    is_super: p?.isSuper ?? 0,
    is_active: a.isActive,
    wechat: show.handle(p?.wechat ?? null),
    create_time: isoWithOffset(a.createdAt, timezone),
    update_time: isoWithOffset(Math.max(a.updatedAt, p?.updatedAt ?? 0), timezone),
    is_delete: p?.isDelete ?? false,
    school_id: u.schoolId,
    groups: [] as number[],
    user_permissions: [] as number[],
  };
}
