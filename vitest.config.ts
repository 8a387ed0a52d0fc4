import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';
import { PBKDF2_MIN_CONFIGURED_ITERATIONS } from './src/platform/passwords';

/** Secrets for the in-workerd tests (the e2e tests use .dev.vars, as `npm start` does). */
export const TEST_SECRETS = {
  JWT_SECRET: 'test-secret-for-vitest-0123456789abcdef0123',
  ADMIN_EMAIL: 'root@example.test',
  ADMIN_PASSWORD: 'root-password-123',
};

/**
 * PBKDF2 iterations for the passwords the tests create: the lowest any deployment accepts (production only
 * 100,000). The workers project alone derives about 4,900 hashes (sign-ups, sign-ins, password changes),
 * each ~11-15 ms of CPU at 100,000 iterations (docs/testing.md). test/platform/passwords.test.ts keeps the
 * real cost; test/limits/production.test.ts and test/domain/config.test.ts show production refusing this setting.
 */
export const TEST_PASSWORD_HASH_ITERATIONS = String(PBKDF2_MIN_CONFIGURED_ITERATIONS);

export default defineConfig(async (): Promise<ViteUserConfig> => {
  const migrations = await readD1Migrations(join(import.meta.dirname, 'migrations'));
  return {
    test: {
      // Vitest's default is one worker fewer than the cores: on a 2-core machine a serial run, with one core
      // idle while a file waits on workerd, D1 or a rate limiting window. Two workers there (docs/testing.md).
      maxWorkers: Math.max(2, availableParallelism() - 1),
      silent: 'passed-only',
      reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: './wrangler.toml' },
              // RATE_LIMITS off: thousands of requests from one address must not trip the throttles by accident;
              // test/limits/ turns them on per request. PASSWORD_HASH_ITERATIONS: see TEST_PASSWORD_HASH_ITERATIONS.
              miniflare: {
                bindings: {
                  ...TEST_SECRETS,
                  RATE_LIMITS: 'off',
                  PASSWORD_HASH_ITERATIONS: TEST_PASSWORD_HASH_ITERATIONS,
                  TEST_MIGRATIONS: migrations,
                },
              },
            }),
          ],
          test: {
            name: 'workers',
            // Every suite outside test/e2e runs inside workerd, so a new folder (test/faults, test/authz, ...) needs no entry here.
            include: ['test/**/*.test.ts'],
            exclude: ['test/e2e/**'],
            // One workerd per worker for all its files, not one per file: starting a runtime for each of ~140
            // files was more than half of the project's time (docs/testing.md). fresh-storage.ts gives every
            // file what a new runtime gave it: modules evaluated afresh, an empty D1 (then migrated), R2 and KV.
            isolate: false,
            setupFiles: ['./test/helpers/fresh-storage.ts', './test/helpers/apply-migrations.ts'],
          },
        },
        {
          test: {
            name: 'e2e',
            include: ['test/e2e/**/*.test.ts'],
            environment: 'node',
            globalSetup: ['./test/e2e/global-setup.ts'],
            // Every response the suites receive is checked against the OpenAPI document (test/e2e/response-contract.ts).
            setupFiles: ['./test/e2e/check-every-response.ts'],
            testTimeout: 30_000,
            hookTimeout: 120_000,
            fileParallelism: false,
          },
        },
      ],
    },
  };
});
