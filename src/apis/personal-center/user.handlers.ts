import type { RouteHandler } from '@hono/zod-openapi';
import { avatarObjectKey, isCurrentAvatar, replaceAvatar } from '../../domain/profiles/avatar';
import { getProfile, updateProfile } from '../../domain/profiles/profiles';
import type { AppEnv } from '../../env';
import { limit } from '../../platform/rate-limit';
import { success } from './envelope';
import { multipartParts, serveImage } from './files';
import type * as routes from './user.routes';
import { toProfile } from './views';

export const getProfileHandler: RouteHandler<typeof routes.getProfile, AppEnv> = async (c) =>
  c.json(success(toProfile(await getProfile(c.var.deps, c.var.principal.accountId))), 200);

export const updateProfileHandler: RouteHandler<typeof routes.updateProfile, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const profile = await updateProfile(c.var.deps, c.var.principal.accountId, {
    name: body.user_name,
    userIntro: body.user_intro,
    occupation: body.occupation,
    learningGoal: body.learning_goal,
  });
  return c.json(success(toProfile(profile), '更新成功'), 200);
};

export const uploadAvatarHandler: RouteHandler<typeof routes.uploadAvatar, AppEnv> = async (c) => {
  await limit(c.env, 'upload', { key: String(c.var.principal.accountId) });
  const url = await replaceAvatar(c.var.deps, c.var.principal.accountId, multipartParts(c));
  return c.json(success({ avatar_url: url }, '头像上传成功'), 200);
};

export const avatarFileHandler: RouteHandler<typeof routes.avatarFile, AppEnv> = async (c) => {
  const { userId, file } = c.req.valid('param');
  return serveImage(c, avatarObjectKey(userId, file), file, () => isCurrentAvatar(c.var.deps, userId, file));
};
