import { z } from '@hono/zod-openapi';
import { learning } from './api';

export const health = learning.route({
  method: 'get',
  path: '/health',
  operationId: 'learningHealth',
  callers: { auth: 'public' },
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
  },
  errors: [500, 503],
});

export const databaseHealth = learning.route({
  method: 'get',
  path: '/api/v1/health/db',
  operationId: 'learningDatabaseHealth',
  callers: { auth: 'public' },
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
  },
  errors: [500, 503],
});
