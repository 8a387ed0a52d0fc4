import { and, eq, isNull } from 'drizzle-orm';
import { accounts } from '../../db/schema';
import type { MultipartPart } from '../../platform/multipart';
import type { Deps } from '../deps';
import { AppError } from '../errors';
import { discardImage, IMAGE_FILE, receiveImage, type ImagePolicy } from './image-upload';

export const AVATAR_MAX_BYTES = 2 * 1024 * 1024;

export const AVATAR_POLICY: ImagePolicy = {
  field: 'avatar',
  formats: ['png', 'jpeg', 'webp', 'gif'],
  maxBytes: AVATAR_MAX_BYTES,
  codes: { missing: 'AVATAR_REQUIRED', unsupported: 'AVATAR_TYPE_UNSUPPORTED', tooLarge: 'AVATAR_TOO_LARGE' },
};

/** R2 layout (docs/storage.md): avatars/<userId>/<random>.<ext>; served at /api/user/avatars/<userId>/<file>. */
export const avatarKey = (accountId: number, file: string) => `avatars/${accountId}/${file}`;
export const avatarUrl = (accountId: number, file: string) => `/api/user/avatars/${accountId}/${file}`;

/** The R2 key behind an avatar_url this service wrote for the account, or null for any other value. */
export function avatarKeyOf(accountId: number, url: string | null): string | null {
  const prefix = `/api/user/avatars/${accountId}/`;
  if (!url?.startsWith(prefix)) return null;
  const file = url.slice(prefix.length);
  return IMAGE_FILE.test(file) ? avatarKey(accountId, file) : null;
}

/** The object to serve for GET /api/user/avatars/{userId}/{file}; null when the name is not one we write. */
export function avatarObjectKey(accountId: number, file: string): string | null {
  return IMAGE_FILE.test(file) ? avatarKey(accountId, file) : null;
}

/**
 * Whether the file is the account's avatar now. Only then may a cached copy be served: a replaced
 * avatar leaves edge caches that cannot all be purged (docs/caching.md).
 */
export async function isCurrentAvatar(deps: Deps, accountId: number, file: string): Promise<boolean> {
  const row = await deps.db
    .select({ id: accounts.id })
    .from(accounts)
    .where(and(eq(accounts.id, accountId), eq(accounts.avatarUrl, avatarUrl(accountId, file))))
    .get();
  return row !== undefined;
}

/**
 * Stores the new avatar, then swaps accounts.avatar_url with a compare-and-set so that of two
 * parallel uploads each replaced object is deleted exactly once and the winner's stays.
 */
export async function replaceAvatar(deps: Deps, accountId: number, parts: AsyncIterable<MultipartPart>): Promise<string> {
  const image = await receiveImage(deps, parts, AVATAR_POLICY, `avatars/${accountId}/`);
  const url = avatarUrl(accountId, image.file);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await deps.db.select({ avatarUrl: accounts.avatarUrl }).from(accounts).where(eq(accounts.id, accountId)).get();
      if (!current) throw new AppError('unauthenticated', 'USER_NOT_FOUND', 'User not found');
      const swapped = await deps.db
        .update(accounts)
        .set({ avatarUrl: url, updatedAt: deps.clock.now() })
        .where(
          and(
            eq(accounts.id, accountId),
            current.avatarUrl === null ? isNull(accounts.avatarUrl) : eq(accounts.avatarUrl, current.avatarUrl),
          ),
        )
        .returning({ id: accounts.id });
      if (swapped.length > 0) {
        await discardImage(deps, avatarKeyOf(accountId, current.avatarUrl));
        return url;
      }
    }
    throw new AppError('conflict', 'AVATAR_CONFLICT', 'The avatar changed concurrently; try again');
  } catch (e) {
    // Nothing points at the new object unless the swap succeeded (and then nothing threw).
    await discardImage(deps, image.key);
    throw e;
  }
}
