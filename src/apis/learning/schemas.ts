import { z } from '@hono/zod-openapi';
import { LEARNING_ERROR_CODES } from './envelope';

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(LEARNING_ERROR_CODES),
      message: z.string(),
      details: z.record(z.string(), z.unknown()),
    }),
  })
  .openapi('LearningError');

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Rejected by a rule (EMAIL_ALREADY_EXISTS, VALIDATION_ERROR, ...)',
  401: 'UNAUTHORIZED, INVALID_TOKEN or USER_NOT_FOUND',
  403: 'FORBIDDEN or INACTIVE_USER',
  404: 'NOT_FOUND',
  413: 'Request body too large',
  422: 'VALIDATION_ERROR: the request does not match the schema',
  429: 'RATE_LIMIT_EXCEEDED',
  500: 'INTERNAL_ERROR',
  503: 'DATABASE_ERROR or service unavailable',
};

/** Response entries for the error statuses a route can return, all in the learning error envelope. */
export function errorResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((s) => [s, { description: ERROR_DESCRIPTIONS[s] ?? 'Error', content: { 'application/json': { schema: ErrorBody } } }]),
  );
}

export const UserOut = z
  .object({
    id: z.number().int(),
    email: z.string(),
    name: z.string(),
    avatar_url: z.string().nullable(),
    is_active: z.boolean(),
    created_at: z.string().openapi({ example: '2024-01-15T08:30:00' }),
  })
  .openapi('LearningUser');
