import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { join } from 'node:path';
import { defineConfig, type ViteUserConfig } from 'vitest/config';

/** Secrets for the in-workerd tests (the e2e tests use .dev.vars, as `npm start` does). */
export const TEST_SECRETS = {
  JWT_SECRET: 'test-secret-for-vitest-0123456789abcdef0123',
  ADMIN_EMAIL: 'root@example.test',
  ADMIN_PASSWORD: 'root-password-123',
};

export default defineConfig(async (): Promise<ViteUserConfig> => {
  const migrations = await readD1Migrations(join(import.meta.dirname, 'migrations'));
  return {
    test: {
      silent: 'passed-only',
      reporters: ['default', ['json', { outputFile: 'test-results/vitest.json' }]],
      projects: [
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: './wrangler.toml' },
              // RATE_LIMITS off: thousands of requests from one address must not trip the throttles by accident;
              // test/limits/ turns them on per request.
              miniflare: { bindings: { ...TEST_SECRETS, RATE_LIMITS: 'off', TEST_MIGRATIONS: migrations } },
            }),
          ],
          test: {
            name: 'workers',
            // Every suite outside test/e2e runs inside workerd, so a new folder (test/faults, test/authz, ...) needs no entry here.
            include: ['test/**/*.test.ts'],
            exclude: ['test/e2e/**'],
            setupFiles: ['./test/helpers/apply-migrations.ts'],
          },
        },
        {
          test: {
            name: 'e2e',
            include: ['test/e2e/**/*.test.ts'],
            environment: 'node',
            globalSetup: ['./test/e2e/global-setup.ts'],
            testTimeout: 30_000,
            hookTimeout: 120_000,
            fileParallelism: false,
          },
        },
      ],
    },
  };
});
