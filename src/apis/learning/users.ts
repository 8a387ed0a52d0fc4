import type { Account } from '../../domain/accounts/accounts';
import { isoNaiveUtc } from '../../http/time-format';

/** The learning API's view of an account (its document's user object; never the password hash). */
export function toLearningUser(a: Account) {
  return {
    id: a.id,
    email: a.email ?? '',
    name: a.name,
    avatar_url: a.avatarUrl,
    is_active: a.isActive,
    created_at: isoNaiveUtc(a.createdAt),
  };
}
