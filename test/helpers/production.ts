import type { Bindings } from '../../src/env';

/**
 * The vars and secrets of a production deployment that may serve (`[env.production.vars]` plus the
 * secrets of `wrangler secret put --env production`); the bindings are the test runtime's. With
 * ENVIRONMENT = "production" and less than this the Worker answers 503 (src/config.ts, productionProblems).
 */
export const PRODUCTION: Partial<Bindings> = {
  ENVIRONMENT: 'production',
  ALLOWED_ORIGINS: 'https://app.example.com',
  SMS_PROVIDER: 'webhook',
  SMS_TEST_CODE: '',
  SMS_WEBHOOK_URL: 'https://sms.example.test/send',
  SMS_WEBHOOK_SECRET: 'webhook-secret-0123456789abcdef',
  RATE_LIMITS: 'on',
  PASSWORD_HASH_ITERATIONS: '100000',
};
