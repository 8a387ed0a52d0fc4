import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { apiForPath, APIS } from './apis';
import { parseOrigins } from './config';
import { AppError } from './domain/errors';
import type { AppEnv } from './env';
import { embeddableFiles, EXPOSED_HEADERS } from './http/embedding';
import { toAppError } from './http/errors';
import { methodIndex } from './http/method-not-allowed';
import { services } from './http/services';
import { apiDocument, combinedDocument } from './openapi/documents';
import { DOCS_CSP, DOCS_HTML, docsInitScript } from './openapi/docs-page';
import { jsonLogger } from './platform/logger';

export const JSON_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * Uploads stream their own bodies with per-type limits; every other body is capped at 1 MB. Parts of a
 * resumable upload are exempt by path too: a browser's `file.slice()` carries no Content-Type.
 */
const STREAMED_BODY = /^(multipart\/form-data|application\/octet-stream)/i;
const STREAMED_PATH = /^\/api\/v1\/uploads\/[^/]+\/parts\/[^/]+$/;

function respondError(c: Context<AppEnv>, error: AppError): Response {
  return apiForPath(c.req.path).errorResponse(c, error);
}

function allowedOrigin(origin: string, c: Context<AppEnv>): string | null {
  // Read from the raw binding: CORS runs before the config check, so even a 503 reaches the browser.
  const list = parseOrigins(c.env.ALLOWED_ORIGINS);
  if (list.includes('*')) return '*';
  return list.includes(origin) ? origin : null;
}

function executionContextOf(c: Context<AppEnv>): Parameters<Hono<AppEnv>['fetch']>[2] {
  try {
    return c.executionCtx;
  } catch {
    return undefined;
  }
}

export function createApp() {
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    const path = c.req.path;
    if (path.length < 2 || !path.endsWith('/') || apiForPath(path).slashedPaths) return next();
    const url = new URL(c.req.url);
    url.pathname = path.replace(/\/+$/, '') || '/';
    return app.fetch(new Request(url, c.req.raw), c.env, executionContextOf(c));
  });
  app.use(requestId());
  app.use(embeddableFiles());
  // nosniff and no-referrer everywhere; resources stay loadable cross-origin (frontends embed files,
  // avatars and covers from another origin), and /docs sets its own strict CSP.
  app.use(
    secureHeaders({
      crossOriginResourcePolicy: 'cross-origin',
      crossOriginEmbedderPolicy: false,
      crossOriginOpenerPolicy: false,
      referrerPolicy: 'no-referrer',
    }),
  );
  app.use(async (c, next) => {
    const started = Date.now();
    await next();
    jsonLogger({ request_id: c.var.requestId }).info('request', {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      duration_ms: Date.now() - started,
    });
  });
  app.use(cors({ origin: allowedOrigin, exposeHeaders: EXPOSED_HEADERS, maxAge: 86400 }));
  app.use(services);
  app.use(async (c, next) => {
    if (STREAMED_BODY.test(c.req.header('Content-Type') ?? '') || STREAMED_PATH.test(c.req.path)) return next();
    return bodyLimit({
      maxSize: JSON_BODY_LIMIT_BYTES,
      onError: (c) =>
        respondError(
          c as Context<AppEnv>,
          new AppError('too_large', 'PAYLOAD_TOO_LARGE', 'Request body exceeds the 1 MB limit', {
            params: { limitMb: JSON_BODY_LIMIT_BYTES / (1024 * 1024) },
          }),
        ),
    })(c, next);
  });

  for (const api of APIS) app.route('/', api.app);

  app.get('/openapi.json', (c) => c.json(combinedDocument()));
  for (const api of APIS) app.get(`/openapi/${api.name}.json`, (c) => c.json(apiDocument(api)));
  app.get('/docs', (c) => {
    c.header('Content-Security-Policy', DOCS_CSP);
    return c.html(DOCS_HTML);
  });
  app.get('/docs/init.js', (c) => {
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    return c.body(docsInitScript());
  });

  let allowedFor: ((path: string) => string[]) | undefined;
  app.notFound((c) => {
    allowedFor ??= methodIndex(app.routes);
    const allow = allowedFor(c.req.path);
    if (allow.length > 0) {
      return respondError(
        c,
        new AppError('method_not_allowed', 'METHOD_NOT_ALLOWED', `Method ${c.req.method} is not allowed on ${c.req.path}`, {
          allow,
          params: { method: c.req.method, path: c.req.path },
        }),
      );
    }
    return respondError(
      c,
      new AppError('not_found', 'NOT_FOUND', `No route for ${c.req.method} ${c.req.path}`, {
        params: { what: 'route', method: c.req.method, path: c.req.path },
      }),
    );
  });
  app.onError((err, c) => respondError(c, toAppError(err, c.var.deps?.log ?? jsonLogger({ request_id: c.var.requestId }))));
  return app;
}
