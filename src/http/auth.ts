import { createMiddleware } from 'hono/factory';
import { authenticate } from '../domain/auth/sessions';
import { AppError } from '../domain/errors';
import type { AppEnv } from '../env';

/** Extracts the token from `Authorization: <scheme> <token>` for one of the accepted schemes. */
export function tokenFromHeader(header: string | undefined, schemes: readonly string[]): string | null {
  if (!header) return null;
  const match = /^(\S+)\s+(\S+)\s*$/.exec(header);
  if (!match) return null;
  const [, scheme, token] = match;
  return schemes.some((s) => s.toLowerCase() === scheme!.toLowerCase()) ? token! : null;
}

/** Requires a valid access token; sets `principal`. Bearer everywhere (excourse also accepts JWT). */
export function requireAuth(schemes: readonly string[] = ['Bearer']) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const token = tokenFromHeader(c.req.header('Authorization'), schemes);
    if (!token)
      throw new AppError('unauthenticated', 'UNAUTHORIZED', 'Not authenticated: send Authorization: Bearer <access token>', {
        params: { missing: 'token' },
      });
    c.set('principal', await authenticate(c.var.deps, token));
    await next();
  });
}

/** Like requireAuth, but a request without an Authorization header proceeds anonymously. */
export function optionalAuth(schemes: readonly string[] = ['Bearer']) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (c.req.header('Authorization') === undefined) return next();
    const token = tokenFromHeader(c.req.header('Authorization'), schemes);
    if (!token)
      throw new AppError('token_invalid', 'TOKEN_INVALID', 'Malformed Authorization header', { params: { reason: 'malformed_header' } });
    c.set('principal', await authenticate(c.var.deps, token));
    await next();
  });
}
