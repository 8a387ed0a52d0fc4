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
  /** `off` turns the rate limiting bindings off (load tests, benchmarks); see src/platform/rate-limit.ts and docs/limits.md. */
  RATE_LIMITS?: string;
  /** Rate limiting bindings ([[ratelimits]] in wrangler.toml); each is optional: without one nothing is throttled. */
  SIGN_IN_ID_RATE_LIMITER?: RateLimit;
  SIGN_IN_IP_RATE_LIMITER?: RateLimit;
  REGISTER_IP_RATE_LIMITER?: RateLimit;
  SMS_IP_RATE_LIMITER?: RateLimit;
  UPLOAD_RATE_LIMITER?: RateLimit;
  IMPORT_RATE_LIMITER?: RateLimit;
  /** Excourse SMS codes: the send throttle binding, the provider (`log` | `webhook`) and its settings. */
  SMS_RATE_LIMITER?: RateLimit;
  SMS_PROVIDER?: string;
  SMS_TEST_CODE?: string;
  SMS_WEBHOOK_URL?: string;
  SMS_WEBHOOK_SECRET?: string;
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
