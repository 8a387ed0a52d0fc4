import type { Account } from '../../domain/accounts/accounts';
import { contactView, type Viewer } from '../../domain/accounts/privacy';
import type { PageOf, PageRequest, ReviewItem, School } from '../../domain/schools/schools';
import { epochSeconds } from '../../platform/time-zone';
import { schoolStatusText } from './words';

export function toCampusSchool(s: School, isOwner: boolean) {
  return {
    id: s.id,
    name: s.name,
    status: s.status,
    reject_reason: s.rejectReason,
    created_at: epochSeconds(s.createdAt),
    updated_at: epochSeconds(s.updatedAt),
    status_text: schoolStatusText(s.status),
    is_owner: isOwner,
  };
}

/** The review list is for administrators, who see the owner's e-mail in full; anyone else would see it masked. */
export function toReviewItem(s: ReviewItem, viewer: Viewer) {
  return {
    ...toCampusSchool(s, s.ownerId === viewer.accountId),
    owner_id: s.ownerId,
    owner_name: s.ownerName ?? '',
    owner_email: contactView(viewer, s.ownerId).email(s.ownerEmail) ?? '',
    reviewed_at: s.reviewedAt === null ? null : epochSeconds(s.reviewedAt),
  };
}

export function toCampusStudent(a: Account, schoolId: number) {
  return {
    id: a.id,
    name: a.name,
    username: a.username ?? '',
    school_id: schoolId,
    last_login_at: a.lastLoginAt === null ? null : epochSeconds(a.lastLoginAt),
    created_at: epochSeconds(a.createdAt),
    updated_at: epochSeconds(a.updatedAt),
  };
}

/** Laravel's paginator: `from`/`to` are positions on the page (null when it is empty). */
export function toPage<T, U>(page: PageOf<T>, req: PageRequest, map: (row: T) => U) {
  const offset = (req.page - 1) * req.perPage;
  const list = page.rows.map(map);
  return {
    list,
    total: page.total,
    current_page: req.page,
    last_page: Math.max(1, Math.ceil(page.total / req.perPage)),
    per_page: req.perPage,
    from: list.length ? offset + 1 : null,
    to: list.length ? offset + list.length : null,
  };
}
