import { createRoute, z } from '@hono/zod-openapi';
import { access } from '../../http/access';
import { errorResponses } from './schemas';

export const health = createRoute({
  method: 'get',
  path: '/health',
  operationId: 'learningHealth',
  ...access({ auth: 'public' }),
  tags: ['Learning: health'],
  summary: 'Service health',
  responses: {
    200: {
      description: 'The Worker is serving',
      content: {
        'application/json': {
          schema: z.object({ status: z.literal('healthy'), version: z.string(), environment: z.string() }).openapi('LearningHealth'),
        },
      },
    },
    ...errorResponses(500, 503),
  },
});

export const databaseHealth = createRoute({
  method: 'get',
  path: '/api/v1/health/db',
  operationId: 'learningDatabaseHealth',
  ...access({ auth: 'public' }),
  tags: ['Learning: health'],
  summary: 'Database connectivity',
  responses: {
    200: {
      description: 'D1 answered a query',
      content: {
        'application/json': {
          schema: z.object({ status: z.literal('healthy'), database: z.literal('connected') }).openapi('LearningDatabaseHealth'),
        },
      },
    },
    ...errorResponses(500, 503),
  },
});
