import { z } from '@hono/zod-openapi';
import { jsonBody, jsonContent } from '../../http/content';
import { excourse } from './api';
import { drfBody, drfPhone, drfUsername } from './schemas';

export const SendCodeBody = drfBody({
  username: drfUsername
    .optional()
    .openapi({ description: 'The username about to be registered: refused here already when it is taken', example: '郝高阳' }),
  phone: drfPhone,
}).openapi('ExcourseSendCodeRequest');

export const sendCode = excourse.route({
  method: 'post',
  path: '/vertifications/',
  operationId: 'excourseSendCode',
  callers: { auth: 'public' },
  tags: ['Excourse: users'],
  summary: '获取验证码: send a 6-digit registration code by SMS',
  description:
    'The code is valid for 5 minutes, single use, and locked after 5 wrong tries. One code per phone per 60 s and at most 10 per phone per day ' +
    '(Asia/Shanghai day); more answer 429 with Retry-After. A phone that is already registered is refused with 400.',
  request: { body: jsonBody(SendCodeBody) },
  responses: {
    200: jsonContent('Sent', z.object({ message: z.string().openapi({ example: '发送成功' }) }).openapi('ExcourseSendCodeResponse')),
  },
  errors: [400, 413, 415, 429, 500, 503],
});
