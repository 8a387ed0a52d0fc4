import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { AppError } from '../domain/errors';
import type { AppEnv } from '../env';

/**
 * One API document served by the Worker. The root app mounts `app`, routes unknown paths and errors
 * to the module that owns the path, and builds the OpenAPI documents from `app`.
 */
export interface ApiModule {
  /** Folder under src/apis/ and the name in /openapi/<name>.json. */
  name: string;
  title: string;
  description: string;
  /** True when this API's document owns the path (decides the envelope of 404s and errors). */
  owns(path: string): boolean;
  /**
   * The document's paths end with a slash and only those match (Django). Elsewhere a trailing slash is
   * ignored, as the original stacks did: Express and Laravel match `/x/` as `/x`, FastAPI redirects it.
   */
  slashedPaths?: boolean;
  app: OpenAPIHono<AppEnv>;
  errorResponse(c: Context<AppEnv>, error: AppError): Response;
}
