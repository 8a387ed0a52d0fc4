import { createRoute, z } from '@hono/zod-openapi';
import { fileCacheHeaders } from '../../http/cache';
import { access, MEMBERS } from '../../http/access';
import { memberRoute } from './guards';
import { envelope, errorResponses, idParam, Iso, jsonBody, jsonContent, optionalText, P, Role, strictBody, text } from './schemas';

const tags = ['Personal center: user'];
const secured = { security: [{ bearerAuth: [] }], middleware: memberRoute };

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
export const ProfileUpdateBody = strictBody({
  user_name: text(1, 50).optional(),
  user_intro: optionalText(500),
  occupation: optionalText(100),
  learning_goal: optionalText(500),
}).openapi(`${P}ProfileUpdateRequest`, { example: { user_name: '修改后的姓名', user_intro: '这是我的个人简介', occupation: '学生', learning_goal: '掌握前端开发技术' } });

export const getProfile = createRoute({
  method: 'get',
  path: '/api/user/profile',
  operationId: 'personalCenterGetProfile',
  ...access({ auth: 'required', roles: MEMBERS }),
  tags,
  summary: 'The signed-in user’s profile',
  ...secured,
  responses: { 200: jsonContent('Profile', envelope('Profile', ProfileOut)), ...errorResponses(401, 403, 500) },
});

export const updateProfile = createRoute({
  method: 'put',
  path: '/api/user/profile',
  operationId: 'personalCenterUpdateProfile',
  ...access({ auth: 'required', roles: MEMBERS }),
  tags,
  summary: 'Change user_name, user_intro, occupation, learning_goal (any subset)',
  ...secured,
  request: { body: jsonBody(ProfileUpdateBody) },
  responses: { 200: jsonContent('Updated profile', envelope('ProfileUpdate', ProfileOut)), ...errorResponses(400, 401, 403, 413, 415, 500) },
});

export const uploadAvatar = createRoute({
  method: 'post',
  path: '/api/user/avatar',
  operationId: 'personalCenterUploadAvatar',
  ...access({ auth: 'required', roles: MEMBERS }),
  tags,
  summary: 'Upload an avatar (png, jpeg, webp or gif, up to 2 MB; the type is read from the bytes)',
  ...secured,
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
    ...errorResponses(400, 401, 403, 409, 413, 415, 429, 500),
  },
});

const AvatarParams = z.object({
  userId: idParam('userId'),
  file: z.string().openapi({ param: { name: 'file', in: 'path' }, example: '3f2a9c0d4b5e6f708192a3b4c5d6e7f8.png' }),
});

const imageContent = Object.fromEntries(['image/png', 'image/jpeg', 'image/webp', 'image/gif'].map((t) => [t, { schema: { type: 'string' as const, format: 'binary' } }]));

const imageResponses = {
  200: { description: 'The image (immutable under its name, cached for a year)', content: imageContent, headers: fileCacheHeaders },
  206: { description: 'The requested byte range (Range: bytes=start-end)', content: imageContent, headers: fileCacheHeaders },
  304: { description: 'Not modified (If-None-Match)', headers: fileCacheHeaders },
  416: { description: 'Range not satisfiable' },
  ...errorResponses(400, 404, 500),
};

export const avatarFile = createRoute({
  method: 'get',
  path: '/api/user/avatars/{userId}/{file}',
  operationId: 'personalCenterAvatarFile',
  ...access({ auth: 'public' }),
  tags,
  summary: 'An uploaded avatar (public, like any <img> source)',
  request: { params: AvatarParams },
  responses: imageResponses,
});

export { imageResponses };
