// The one declaration of a route (src/http/define-api.ts): what it derives, and how `serve` pairs routes with handlers.
import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { ADMINS, roleGroup } from '../../src/domain/accounts/roles';
import { AppError } from '../../src/domain/errors';
import { jsonContent } from '../../src/http/content';
import { defineApi } from '../../src/http/define-api';

const TEACHERS = roleGroup(['teacher', 'admin'], () => new AppError('forbidden', 'TEACHERS_ONLY', 'Teachers only'));
const api = defineApi({
  name: 'sample',
  title: 'Sample',
  description: 'A sample API',
  owns: (path) => path.startsWith('/sample'),
  errors: { schema: z.object({ message: z.string() }), descriptions: { 401: 'Not signed in', 403: 'Not allowed' } },
  envelope: (error) => ({ status: 400, body: { message: error.message } }),
});
const ok = { 200: jsonContent('Fine', z.object({ ok: z.boolean() })) };

describe('api.route', () => {
  it('derives x-access, security and the checks from callers, keys in the documents’ order', () => {
    const route = api.route({
      method: 'get',
      path: '/sample/{id}',
      operationId: 'sampleGet',
      callers: { auth: 'required', roles: TEACHERS, owner: { rule: 'the owner', anyRoles: ADMINS } },
      tags: ['Sample'],
      summary: 'One',
      responses: ok,
      errors: [401, 403, 500],
    });
    expect(Object.keys(route)).toEqual([
      'method',
      'path',
      'operationId',
      'x-access',
      'tags',
      'summary',
      'security',
      'responses',
      'middleware',
    ]);
    expect(route['x-access']).toEqual({
      auth: 'required',
      roles: ['teacher', 'admin'],
      owner: { rule: 'the owner', anyRoles: ['admin', 'sysadmin'] },
    });
    expect(route.security).toEqual([{ bearerAuth: [] }]);
    expect(route.middleware).toHaveLength(2); // the token, then the role
    expect(Object.keys(route.responses)).toEqual(['200', '401', '403', '500', '503']);
    expect(route.responses[503 as 200]).toMatchObject({ headers: { 'Retry-After': expect.anything() } });
  });

  it('public operations read no token and say security: []; optional ones allow the empty requirement', () => {
    const open = api.route({
      method: 'get',
      path: '/sample/open',
      operationId: 'sampleOpen',
      callers: { auth: 'public' },
      tags: ['Sample'],
      summary: 'Open',
      responses: ok,
    });
    expect(open.security).toEqual([]);
    expect(open).not.toHaveProperty('middleware');
    const maybe = api.route({
      method: 'get',
      path: '/sample/maybe',
      operationId: 'sampleMaybe',
      callers: { auth: 'optional' },
      tags: ['Sample'],
      summary: 'Maybe',
      description: 'Token optional',
      responses: ok,
    });
    expect(maybe.security).toEqual([{ bearerAuth: [] }, {}]);
    expect(Object.keys(maybe).indexOf('security')).toBe(Object.keys(maybe).indexOf('description') + 1);
    expect(maybe.middleware).toHaveLength(1);
  });
});

describe('api.serve', () => {
  const routes = {
    one: api.route({
      method: 'get',
      path: '/sample/one',
      operationId: 'sampleOne',
      callers: { auth: 'public' },
      tags: ['Sample'],
      summary: 'One',
      responses: ok,
    }),
    Body: z.object({}),
  };
  const handler = () => new Response('{"ok":true}');

  it('serves route `x` with `xHandler`', async () => {
    const served = api.serve([routes, { oneHandler: handler, helper: () => 1 }]);
    expect((await served.app.request('/sample/one')).status).toBe(200);
    expect(served.app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } }).paths).toHaveProperty('/sample/one');
  });

  it('refuses a route without its handler, and a handler without its route', () => {
    expect(() => api.serve([routes, {}])).toThrow('route one has no oneHandler');
    expect(() => api.serve([routes, { oneHandler: handler, twoHandler: handler }])).toThrow('twoHandler');
  });
});
