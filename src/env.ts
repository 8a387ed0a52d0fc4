import type { Deps } from './domain/deps';
import type { Principal } from './domain/auth/principal';

/** Bindings declared in wrangler.toml plus the secrets from .dev.vars / `wrangler secret put`. */
export interface Bindings {
  DB: D1Database;
  FILES: R2Bucket;
  TOKENS: KVNamespace;
  ASSETS?: Fetcher;
  ENVIRONMENT?: string;
  APP_TIMEZONE?: string;
  ALLOWED_ORIGINS?: string;
  ACCESS_TOKEN_EXPIRE_MINUTES?: string;
  MAX_VIDEO_BYTES?: string;
  MAX_PDF_BYTES?: string;
  UPLOAD_PART_SIZE_BYTES?: string;
  JWT_SECRET?: string;
  ADMIN_EMAIL?: string;
  ADMIN_PASSWORD?: string;
}

export interface Variables {
  requestId: string;
  deps: Deps;
  principal: Principal;
}

export interface AppEnv {
  Bindings: Bindings;
  Variables: Variables;
}
