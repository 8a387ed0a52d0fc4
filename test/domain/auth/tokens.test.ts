import { SignJWT, UnsecuredJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { loadConfig, TOKEN_ISSUER } from '../../../src/config';
import { signToken, verifyToken } from '../../../src/domain/auth/tokens';

const config = loadConfig({ JWT_SECRET: 'unit-test-secret-0123456789abcdef-xyz' });
const now = Date.UTC(2026, 0, 1, 12, 0, 0);
const base = { accountId: 7, role: 'teacher' as const, sid: 'session-1' };

async function forged(claims: Record<string, unknown>, opts: { alg?: string; secret?: Uint8Array } = {}) {
  const jwt = new SignJWT({ role: 'teacher', typ: 'access', sid: 's', iat_ms: now, ...claims }).setProtectedHeader({
    alg: opts.alg ?? 'HS256',
  });
  return jwt.sign(opts.secret ?? config.jwtSecret);
}

const standard = { sub: '7', iss: TOKEN_ISSUER, jti: 'j1', iat: now / 1000, exp: now / 1000 + 600 };

describe('tokens', () => {
  it('round-trips the claims of an access token', async () => {
    const { token, jti, exp } = await signToken(config, { ...base, typ: 'access' }, now, 1800);
    const claims = await verifyToken(config, token, 'access', now + 1000);
    expect(claims).toMatchObject({ sub: '7', role: 'teacher', typ: 'access', sid: 'session-1', jti, exp, iat: now / 1000, iat_ms: now });
    expect(claims.exp - claims.iat).toBe(1800);
  });

  it("carries an API's extra claims, which can never replace the ones the service relies on", async () => {
    const extra = {
      userId: 7,
      role: 'sysadmin',
      typ: 'refresh',
      sub: '1',
      iss: 'elsewhere',
      jti: 'chosen',
      exp: 9e9,
      sid: 'other',
      iat_ms: 0,
    };
    const { token, jti } = await signToken(config, { ...base, typ: 'access', extra }, now, 60);
    const claims = await verifyToken(config, token, 'access', now);
    expect(claims).toMatchObject({ sub: '7', role: 'teacher', typ: 'access', sid: 'session-1', jti, iat_ms: now, exp: now / 1000 + 60 });
    expect(jti).not.toBe('chosen');
    expect(JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')))).toMatchObject({ userId: 7, iss: TOKEN_ISSUER });
  });

  it('refuses an access token as a refresh token and the reverse', async () => {
    const access = await signToken(config, { ...base, typ: 'access' }, now, 60);
    const refresh = await signToken(config, { ...base, typ: 'refresh' }, now, 60);
    await expect(verifyToken(config, access.token, 'refresh', now)).rejects.toMatchObject({ kind: 'token_invalid' });
    await expect(verifyToken(config, refresh.token, 'access', now)).rejects.toMatchObject({ kind: 'token_invalid' });
  });

  it('allows at most 30 seconds of clock skew on expiry', async () => {
    const { token } = await signToken(config, { ...base, typ: 'access' }, now, 60);
    await expect(verifyToken(config, token, 'access', now + 85_000)).resolves.toBeTruthy();
    await expect(verifyToken(config, token, 'access', now + 91_000)).rejects.toMatchObject({
      kind: 'token_expired',
      code: 'TOKEN_EXPIRED',
    });
  });

  it('pins HS256: other algorithms with the same secret are refused', async () => {
    for (const alg of ['HS384', 'HS512']) {
      const token = await forged(standard, { alg });
      await expect(verifyToken(config, token, 'access', now)).rejects.toMatchObject({ kind: 'token_invalid' });
    }
    expect(await verifyToken(config, await forged(standard), 'access', now)).toBeTruthy();
  });

  it('refuses alg none, a foreign secret, a foreign issuer and a tampered payload', async () => {
    const none = new UnsecuredJWT({ ...standard, role: 'teacher', typ: 'access', sid: 's', iat_ms: now }).encode();
    const foreign = await forged(standard, { secret: new TextEncoder().encode('another-secret-0123456789abcdef-xyz') });
    const otherIssuer = await forged({ ...standard, iss: 'someone-else' });
    const [h, , s] = (await forged(standard)).split('.');
    const tampered = `${h}.${btoa(JSON.stringify({ ...standard, role: 'sysadmin', typ: 'access', sid: 's', iat_ms: now })).replace(/=+$/, '')}.${s}`;
    for (const token of [none, foreign, otherIssuer, tampered, 'not.a.jwt', '']) {
      await expect(verifyToken(config, token, 'access', now)).rejects.toMatchObject({ kind: 'token_invalid' });
    }
  });

  it('requires exp, iat, sub, jti and typ', async () => {
    for (const missing of ['exp', 'iat', 'sub', 'jti'] as const) {
      const claims: Record<string, unknown> = { ...standard };
      delete claims[missing];
      await expect(verifyToken(config, await forged(claims), 'access', now)).rejects.toMatchObject({ kind: 'token_invalid' });
    }
    await expect(verifyToken(config, await forged({ ...standard, typ: undefined }), 'access', now)).rejects.toMatchObject({
      kind: 'token_invalid',
    });
  });

  it('refuses unknown roles and non-numeric subjects', async () => {
    await expect(verifyToken(config, await forged({ ...standard, role: 'god' }), 'access', now)).rejects.toMatchObject({
      kind: 'token_invalid',
    });
    await expect(verifyToken(config, await forged({ ...standard, sub: 'abc' }), 'access', now)).rejects.toMatchObject({
      kind: 'token_invalid',
    });
  });
});
