import { contactView, type Viewer } from '../../domain/accounts/privacy';
import type { Department } from '../../domain/production/departments';
import { onOrigin } from '../../http/urls';
import type { DepartmentTask, LessonTask, Page } from '../../domain/production/lesson-tasks';
import { roleNumber } from '../../domain/production/roles';
import type { ProgressUser } from '../../domain/production/users';
import { epochSeconds } from '../../platform/time-zone';

const maybeSeconds = (ms: number | null) => (ms === null ? null : epochSeconds(ms));

/**
 * The user object of GET /api/users/list. `avatar` is absolute, as the document shows (stored avatars are
 * this Worker's paths). `email` is in full for the user themself and administrators (admin, sysadmin),
 * masked (`t***@example.com`) for a liaison looking at someone else (src/domain/accounts/privacy.ts).
 */
export function toUserSummary(u: ProgressUser, requestUrl: string, viewer: Viewer) {
  return {
    id: u.account.id,
    username: u.account.name,
    email: contactView(viewer, u.account.id).email(u.account.email) ?? '',
    departmentId: u.departmentId,
    roles: roleNumber(u.role),
    jobs: u.job,
    avatar: onOrigin(u.account.avatarUrl, requestUrl),
    creatorId: u.creatorId,
    status: u.account.isActive ? (1 as const) : (0 as const),
    createdAt: epochSeconds(u.account.createdAt),
    updatedAt: epochSeconds(u.account.updatedAt),
  };
}

/**
 * The Spring Security user of /current, /department/{id} and /teacher/search. Every account has the
 * document's single authority ROLE_USER; the role is in `roles`. The password is never sent, not even as null.
 */
export function toUserDetails(u: ProgressUser, requestUrl: string, viewer: Viewer) {
  return {
    ...toUserSummary(u, requestUrl, viewer),
    enabled: u.account.isActive,
    accountNonExpired: true,
    accountNonLocked: true,
    credentialsNonExpired: true,
    authorities: [{ authority: 'ROLE_USER' }],
  };
}

export function toLessonTask(t: LessonTask) {
  return {
    id: t.id,
    courseName: t.courseName,
    microLessonName: t.microLessonName,
    userId: t.userId,
    progressStatus: t.progressStatus,
    scriptCreateTime: maybeSeconds(t.scriptCreateTime),
    scriptReviewTime: maybeSeconds(t.scriptReviewTime),
    scriptConfirmTime: maybeSeconds(t.scriptConfirmTime),
    videoCreateTime: maybeSeconds(t.videoCreateTime),
    videoConfirmTime: maybeSeconds(t.videoConfirmTime),
    finishTime: maybeSeconds(t.finishTime),
    advise: t.advise,
    createdAt: epochSeconds(t.createdAt),
    updatedAt: epochSeconds(t.updatedAt),
  };
}

export function toDepartmentTask(d: DepartmentTask) {
  const { id, courseName, microLessonName, userId, ...rest } = toLessonTask(d.task);
  return { id, courseName, microLessonName, userId, username: d.username, ...rest };
}

export function toDepartment(d: Department) {
  return { id: d.id, name: d.name, description: d.description, createdAt: epochSeconds(d.createdAt), updatedAt: epochSeconds(d.updatedAt) };
}

const UNSORTED = { empty: true, sorted: false, unsorted: true };

/** Spring Data's Page for a 1-based `page`: its `number` and `pageable.pageNumber` are 0-based. */
export function toSpringPage<T, R>(page: Page<T>, pageNumber: number, size: number, map: (item: T) => R) {
  const content = page.items.map(map);
  const index = pageNumber - 1;
  const totalPages = Math.ceil(page.total / size);
  return {
    content,
    pageable: { sort: UNSORTED, offset: index * size, pageNumber: index, pageSize: size, paged: true, unpaged: false },
    last: index >= totalPages - 1,
    totalElements: page.total,
    totalPages,
    size,
    number: index,
    sort: UNSORTED,
    first: index === 0,
    numberOfElements: content.length,
    empty: content.length === 0,
  };
}
