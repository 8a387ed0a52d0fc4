import { createApp } from './app';
import { buildDeps, ensureBootstrapped } from './composition-root';
import { runScheduled } from './domain/jobs/runner';
import type { Bindings } from './env';
import { jsonLogger } from './platform/logger';

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(controller, env, _ctx) {
    const log = jsonLogger({ cron: controller.cron });
    const deps = buildDeps(env, log);
    // Awaited, not left to waitUntil: a run that cannot start (D1 down) then shows as the trigger's
    // outcome; a job's own failure is recorded in job_runs and never thrown.
    await ensureBootstrapped(env, deps);
    const results = await runScheduled(deps, controller.cron);
    log.info('scheduled run finished', { results: JSON.stringify(results) });
  },
} satisfies ExportedHandler<Bindings>;
