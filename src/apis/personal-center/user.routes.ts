import { z } from '@hono/zod-openapi';
import { MEMBERS } from '../../domain/profiles/members';
import { fileCacheHeaders } from '../../http/cache';
import { jsonBody, jsonContent } from '../../http/content';
import { personalCenter } from './api';
import { envelope, idParam, Iso, optionalText, P, Role, requestBody, text } from './schemas';

const tags = ['Personal center: user'];

export const ProfileOut = z
  .object({
    user_id: z.number().int(),
    user_name: z.string(),
    phone: z.string(),
    email: z.string(),
    avatar_url: z.string().nullable().openapi({ example: '/api/user/avatars/1/3f2a9c0d4b5e6f708192a3b4c5d6e7f8.png' }),
    user_intro: z.string().nullable(),
    occupation: z.string().nullable(),
    learning_goal: z.string().nullable(),
    role: Role,
    register_time: Iso,
    last_login_time: Iso.nullable(),
  })
  .openapi(`${P}Profile`);

/** Only these four fields; role, phone, email, id and anything else are refused (400), never applied. */
export const ProfileUpdateBody = requestBody({
  user_name: text(1, 50).optional(),
  user_intro: optionalText(500),
  occupation: optionalText(100),
  learning_goal: optionalText(500),
}).openapi(`${P}ProfileUpdateRequest`, {
  example: { user_name: '修改后的姓名', user_intro: '这是我的个人简介', occupation: '学生', learning_goal: '掌握前端开发技术' },
});

export const getProfile = personalCenter.route({
  method: 'get',
  path: '/api/user/profile',
  operationId: 'personalCenterGetProfile',
  callers: { auth: 'required', roles: MEMBERS },
  tags,
  summary: 'The signed-in user’s profile',
  responses: { 200: jsonContent('Profile', envelope('Profile', ProfileOut)) },
  errors: [401, 403, 500],
});

export const updateProfile = personalCenter.route({
  method: 'put',
  path: '/api/user/profile',
  operationId: 'personalCenterUpdateProfile',
  callers: { auth: 'required', roles: MEMBERS },
  tags,
  summary: 'Change user_name, user_intro, occupation, learning_goal (any subset)',
  request: { body: jsonBody(ProfileUpdateBody) },
  responses: { 200: jsonContent('Updated profile', envelope('ProfileUpdate', ProfileOut)) },
  errors: [400, 401, 403, 413, 415, 500],
});

export const uploadAvatar = personalCenter.route({
  method: 'post',
  path: '/api/user/avatar',
  operationId: 'personalCenterUploadAvatar',
  callers: { auth: 'required', roles: MEMBERS },
  tags,
  summary: 'Upload an avatar (png, jpeg, webp or gif, up to 2 MB; the type is read from the bytes)',
  request: {
    body: {
      required: true,
      content: {
        'multipart/form-data': {
          // A plain schema (not zod): a zod form schema would make the validator buffer the body.
          schema: { type: 'object', required: ['avatar'], properties: { avatar: { type: 'string', format: 'binary' } } },
        },
      },
    },
  },
  responses: {
    200: jsonContent('Stored; the profile now returns this avatar_url', envelope('Avatar', z.object({ avatar_url: z.string() }))),
  },
  errors: [400, 401, 403, 409, 413, 415, 429, 500],
});

const AvatarParams = z.object({
  userId: idParam('userId'),
  file: z.string().openapi({ param: { name: 'file', in: 'path' }, example: '3f2a9c0d4b5e6f708192a3b4c5d6e7f8.png' }),
});

const imageContent = Object.fromEntries(
  ['image/png', 'image/jpeg', 'image/webp', 'image/gif'].map((t) => [t, { schema: { type: 'string' as const, format: 'binary' } }]),
);

const imageResponses = {
  200: { description: 'The image (immutable under its name, cached for a year)', content: imageContent, headers: fileCacheHeaders },
  206: { description: 'The requested byte range (Range: bytes=start-end)', content: imageContent, headers: fileCacheHeaders },
  304: { description: 'Not modified (If-None-Match)', headers: fileCacheHeaders },
  416: { description: 'Range not satisfiable' },
  ...personalCenter.errorResponses(400, 404, 500),
};

export const avatarFile = personalCenter.route({
  method: 'get',
  path: '/api/user/avatars/{userId}/{file}',
  operationId: 'personalCenterAvatarFile',
  callers: { auth: 'public' },
  tags,
  summary: 'An uploaded avatar (public, like any <img> source)',
  request: { params: AvatarParams },
  responses: imageResponses,
});

export { imageResponses };
