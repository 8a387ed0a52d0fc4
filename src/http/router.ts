import { OpenAPIHono } from '@hono/zod-openapi';
import { AppError, type FieldIssue } from '../domain/errors';
import type { AppEnv } from '../env';

interface ZodLikeIssue {
  path: PropertyKey[];
  message: string;
}

const LOCATIONS: Record<string, string> = { json: 'body', form: 'body', query: 'query', param: 'path', header: 'header', cookie: 'cookie' };

export function fieldIssues(issues: readonly ZodLikeIssue[], target?: string): FieldIssue[] {
  const prefix = target ? LOCATIONS[target] ?? target : undefined;
  return issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(root)',
    message: i.message,
  }));
}

export function validationError(fields: FieldIssue[]): AppError {
  const summary = fields
    .slice(0, 3)
    .map((f) => `${f.field}: ${f.message}`)
    .join('; ');
  return new AppError('validation', 'REQUEST_INVALID', `Request validation failed: ${summary}`, { fields });
}

/**
 * Router factory for every API: zod failures become one AppError, which the owning API's
 * envelope turns into its own status and body.
 */
export function createRouter(): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const { error, target } = result as { error: { issues: ZodLikeIssue[] }; target?: string };
        throw validationError(fieldIssues(error.issues, target));
      }
    },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  return app;
}
