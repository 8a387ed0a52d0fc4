import { createApp } from './app';
import { runScheduled } from './domain/jobs/runner';
import type { Bindings } from './env';
import { buildDeps, ensureBootstrapped } from './http/services';
import { jsonLogger } from './platform/logger';

const app = createApp();

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    const log = jsonLogger({ cron: controller.cron });
    const deps = buildDeps(env, log);
    ctx.waitUntil(
      (async () => {
        await ensureBootstrapped(env, deps);
        const results = await runScheduled(deps, controller.cron);
        log.info('scheduled run finished', { results: JSON.stringify(results) });
      })(),
    );
  },
} satisfies ExportedHandler<Bindings>;
