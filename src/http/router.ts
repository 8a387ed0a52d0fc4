import { OpenAPIHono, type z } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { AppError, type FieldIssue } from '../domain/errors';
import type { AppEnv } from '../env';

interface ZodLikeIssue {
  path: PropertyKey[];
  message: string;
}

/** zod's issue with what an API's rewrite may need: the code, and the data and part it was about. */
export type ValidationIssue = z.core.$ZodIssue;

export interface RouterOptions {
  /**
   * An API's own reading of zod's issues before they become field issues (its language, one message
   * per field): `data` is what was sent, `target` the part (json, query, param).
   */
  issues?: (issues: readonly ValidationIssue[], data: unknown, target: string | undefined) => ZodLikeIssue[];
}

const LOCATIONS: Record<string, string> = { json: 'body', form: 'body', query: 'query', param: 'path', header: 'header', cookie: 'cookie' };

export function fieldIssues(issues: readonly ZodLikeIssue[], target?: string): FieldIssue[] {
  const prefix = target ? (LOCATIONS[target] ?? target) : undefined;
  return issues.map((i) => ({
    field: [prefix, ...i.path.map(String)].filter(Boolean).join('.') || '(root)',
    message: i.message,
  }));
}

/** A schema failure in one line: its first three fields' messages. */
export const validationSummary = (fields: readonly FieldIssue[]): string =>
  `Request validation failed: ${fields
    .slice(0, 3)
    .map((f) => `${f.field}: ${f.message}`)
    .join('; ')}`;

export function validationError(fields: FieldIssue[]): AppError {
  return new AppError('validation', 'REQUEST_INVALID', validationSummary(fields), { fields });
}

/**
 * Router factory for every API: zod failures become one AppError, which the owning API's
 * envelope turns into its own status and body.
 */
export function createRouter(options: RouterOptions = {}): OpenAPIHono<AppEnv> {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) {
        const { error, target, data } = result as { error: { issues: ValidationIssue[] }; target?: string; data?: unknown };
        throw validationError(fieldIssues(options.issues ? options.issues(error.issues, data, target) : error.issues, target));
      }
    },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  const openapi = app.openapi.bind(app);
  app.openapi = ((route: Parameters<typeof openapi>[0], ...rest: unknown[]) =>
    (openapi as (...a: unknown[]) => unknown)(requireJsonBody(route), ...rest)) as unknown as typeof app.openapi;
  return app;
}

type RouteConfig = Parameters<OpenAPIHono<AppEnv>['openapi']>[0];

/**
 * @hono/zod-openapi validates a request without Content-Type as `{}` (its JSON validator reads a body only
 * when the Content-Type says JSON), so an operation whose document requires a JSON body but whose fields
 * are all optional would run on nothing. This refuses it the way a schema failure is refused; it runs
 * after the route's own middleware (auth answers first). The test is the missing Content-Type, not a null
 * body: over HTTP (wrangler dev, or `Content-Length: 0`) a body-less request reaches the Worker as an
 * empty stream.
 */
function requireJsonBody<R extends RouteConfig>(route: R): R {
  const body = route.request?.body;
  if (!body?.required || !body.content?.['application/json']) return route;
  const own = route.middleware ? (Array.isArray(route.middleware) ? route.middleware : [route.middleware]) : [];
  const check: MiddlewareHandler<AppEnv> = async (c, next) => {
    if (!c.req.header('content-type')) throw validationError([{ field: 'body', message: 'A JSON request body is required' }]);
    await next();
  };
  return { ...route, middleware: [...own, check] };
}
