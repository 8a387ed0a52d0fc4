import type { Account } from '../../domain/accounts/accounts';
import { isoNaiveUtc } from '../../platform/time-zone';
import { onOrigin } from '../../http/urls';

/**
 * The learning API's view of an account (its document's user object; never the password hash). The
 * avatar is an absolute URL, as the document shows: avatars are stored as this Worker's paths.
 */
export function toLearningUser(a: Account, requestUrl: string) {
  return {
    id: a.id,
    email: a.email ?? '',
    name: a.name,
    avatar_url: onOrigin(a.avatarUrl, requestUrl),
    is_active: a.isActive,
    created_at: isoNaiveUtc(a.createdAt),
  };
}
