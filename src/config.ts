import { AppError } from './domain/errors';
import type { Bindings } from './env';

export interface AppConfig {
  environment: string;
  timezone: string;
  allowedOrigins: string[];
  jwtSecret: Uint8Array;
  issuer: string;
  admin: { email: string; password: string } | null;
}

const MIN_SECRET_BYTES = 32;
export const TOKEN_ISSUER = 'course-edge-api';

type ConfigSource = Pick<Bindings, 'ENVIRONMENT' | 'APP_TIMEZONE' | 'ALLOWED_ORIGINS' | 'JWT_SECRET' | 'ADMIN_EMAIL' | 'ADMIN_PASSWORD'>;

function validTimezone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads and checks the Worker's vars and secrets. A missing or short JWT_SECRET stops every request
 * with 503 rather than letting the Worker sign guessable tokens.
 */
export function loadConfig(env: ConfigSource): AppConfig {
  const secret = new TextEncoder().encode(env.JWT_SECRET ?? '');
  if (secret.byteLength < MIN_SECRET_BYTES) {
    throw new AppError('unavailable', 'MISCONFIGURED', `JWT_SECRET must be at least ${MIN_SECRET_BYTES} bytes; the service refuses to start without it`);
  }
  const timezone = env.APP_TIMEZONE?.trim() || 'Asia/Shanghai';
  if (!validTimezone(timezone)) {
    throw new AppError('unavailable', 'MISCONFIGURED', `APP_TIMEZONE ${timezone} is not a known time zone`);
  }
  const email = env.ADMIN_EMAIL?.trim();
  const password = env.ADMIN_PASSWORD ?? '';
  return {
    environment: env.ENVIRONMENT?.trim() || 'development',
    timezone,
    allowedOrigins: (env.ALLOWED_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    jwtSecret: secret,
    issuer: TOKEN_ISSUER,
    admin: email && password ? { email, password } : null,
  };
}

const cache = new WeakMap<object, AppConfig>();

/** Config parsed once per bindings object (one per isolate in production). */
export function configFor(env: ConfigSource & object): AppConfig {
  let config = cache.get(env);
  if (!config) {
    config = loadConfig(env);
    cache.set(env, config);
  }
  return config;
}
