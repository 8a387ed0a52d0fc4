import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { Context, Handler, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppError } from '../domain/errors';
import type { AppEnv } from '../env';
import type { ApiModule } from './api-module';
import { callerChecks, securityOf, xAccess, type Callers, type XAccess } from './callers';
import { errorResponses, type ErrorSet } from './content';
import { createRouter, type RouterOptions } from './router';

/** An AppError as one API answers it: its status, its body, and any header of its own. */
export interface ErrorAnswer {
  status: ContentfulStatusCode;
  body: unknown;
  headers?: Record<string, string>;
}

/** What differs between the APIs: the document's words, the paths it owns, its envelope and its token schemes. */
export interface ApiDefinition extends Omit<ApiModule, 'app' | 'errorResponse'> {
  /** `Authorization: <scheme> <token>` schemes a token is read from (default Bearer; excourse also takes JWT). */
  authSchemes?: readonly string[];
  /** How the document describes this API's error responses. */
  errors: ErrorSet;
  /** The envelope (its envelope.ts): an AppError, a validation failure included, as this API's status and body. */
  envelope: (error: AppError, c: Context<AppEnv>) => ErrorAnswer;
  /** This API's reading of zod issues (its language, one message per field); see src/http/router.ts. */
  issues?: RouterOptions['issues'];
}

/**
 * A route as an API folder declares it: createRoute's config without `security`, plus who may call it.
 * `middleware` holds the route's own extras (caching), which run before the callers' checks; `errors`
 * lists the error statuses, documented from the API's error set; `routingPath`, when the router needs
 * another pattern than the documented `path` (a key with slashes: `/materials/{key{.+}}`).
 */
export type RouteDeclaration = Omit<RouteConfig, 'security' | 'middleware'> & {
  callers: Callers;
  middleware?: readonly MiddlewareHandler<AppEnv>[];
  errors?: readonly number[];
  routingPath?: string;
};

export type DeclaredRoute<R extends RouteDeclaration> = Omit<R, 'callers' | 'errors' | 'middleware' | 'routingPath'> & {
  'x-access': XAccess;
  security: Record<string, string[]>[];
  middleware?: MiddlewareHandler<AppEnv>[];
  getRoutingPath(): string;
};

/** A `<name>.routes.ts` module and its `<name>.handlers.ts` (`import * as`): route `x` is served by `xHandler`. */
export type RouteModules = readonly [routes: object, handlers: object];

export interface Api {
  readonly name: string;
  /** The createRoute config of one operation, with `x-access`, `security` and the enforcing middleware derived from `callers`. */
  route<P extends string, R extends RouteDeclaration & { path: P }>(declaration: R): DeclaredRoute<R>;
  /** Error response entries in this API's envelope, for a response object built by hand. */
  errorResponses(...statuses: number[]): Record<number, ReturnType<typeof errorResponses>[number]>;
  /**
   * The mounted API: each routes module's routes in the order it declares them, module after module, each
   * with its handler; this API's reading of validation failures; its envelope for every error.
   */
  serve(...modules: RouteModules[]): ApiModule;
}

/**
 * The error tail shared by every envelope: the wait after an outage or throttle (Retry-After) and the
 * methods a path takes (Allow) travel as headers, whatever the body looks like.
 */
export function answerError(c: Context<AppEnv>, error: AppError, answer: ErrorAnswer): Response {
  if (error.details.retryAfterSeconds !== undefined) c.header('Retry-After', String(error.details.retryAfterSeconds));
  if (error.details.allow) c.header('Allow', error.details.allow.join(', '));
  for (const [name, value] of Object.entries(answer.headers ?? {})) c.header(name, value);
  return c.json(answer.body as object, answer.status);
}

/** Every route `route()` made, in declaration order, with the pattern it is routed by when that differs. */
const declared = new WeakMap<object, { order: number; routingPath?: string }>();
let declarations = 0;

/**
 * The createRoute config, its keys in the order the documents show them: `x-access` where `callers`
 * stands, `security` after the summary and description.
 */
function declare(declaration: RouteDeclaration, schemes: readonly string[], errors: ErrorSet) {
  const { callers, errors: statuses, middleware: own = [], routingPath } = declaration;
  const security = securityOf(callers);
  const after = 'description' in declaration ? 'description' : 'summary';
  const config: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(declaration)) {
    if (key === 'callers') config['x-access'] = xAccess(callers);
    else if (key === 'responses') config.responses = statuses ? { ...(value as object), ...errorResponses(errors, statuses) } : value;
    else if (key !== 'errors' && key !== 'middleware' && key !== 'routingPath') config[key] = value;
    if (key === after) config.security = security;
  }
  const middleware = [...own, ...callerChecks(callers, schemes)];
  if (middleware.length) config.middleware = middleware;
  const route = createRoute(config as RouteConfig & { path: string });
  declared.set(route, { order: declarations++, routingPath });
  return route;
}

type Route = RouteConfig & { path: string };

/** A module's routes with their handlers; a route without its handler, or a handler without its route, is a mistake. */
function pairs(api: string, [routes, handlers]: RouteModules): [Route, Handler<AppEnv>][] {
  const named = Object.entries(routes)
    .filter(([, value]) => declared.has(value))
    .sort(([, a], [, b]) => declared.get(a)!.order - declared.get(b)!.order);
  const wanted = new Set(named.map(([name]) => `${name}Handler`));
  const stray = Object.keys(handlers).filter((name) => name.endsWith('Handler') && !wanted.has(name));
  if (stray.length) throw new Error(`${api}: ${stray.join(', ')} serve(s) no route`);
  return named.map(([name, route]) => {
    const handler = (handlers as Record<string, unknown>)[`${name}Handler`];
    if (typeof handler !== 'function') throw new Error(`${api}: route ${name} has no ${name}Handler`);
    return [route as Route, handler as Handler<AppEnv>];
  });
}

/** One API document: declare its routes with `route`, mount them with `serve` (the root app takes the ApiModule). */
export function defineApi(definition: ApiDefinition): Api {
  const { authSchemes = ['Bearer'], errors, envelope, issues, ...module } = definition;
  return {
    name: module.name,
    route: (declaration) => declare(declaration, authSchemes, errors) as never,
    errorResponses: (...statuses) => errorResponses(errors, statuses),
    serve(...modules) {
      const app = createRouter({ issues });
      // Routed by another pattern than the documented one: served in place, documented after the rest.
      const documentedLater: Route[] = [];
      for (const [route, handler] of modules.flatMap((m) => pairs(module.name, m))) {
        const routingPath = declared.get(route)!.routingPath;
        if (!routingPath) {
          app.openapi(route, handler as never);
          continue;
        }
        app.openapi({ ...route, path: routingPath, hide: true }, handler as never);
        documentedLater.push(route);
      }
      for (const { middleware: _middleware, ...route } of documentedLater) app.openAPIRegistry.registerPath(route);
      return { ...module, app, errorResponse: (c, error) => answerError(c, error, envelope(error, c)) };
    },
  };
}
