// wrangler dev without its DevTools relay, for the load run's comparison pass (bench/README.md, "Load run").
// Same wrangler, same wrangler.toml, same local state; only `dev.inspector: false`, which `wrangler dev`
// cannot set from its command line. Usage: node bench/serve-quiet.mjs --port N --persist-to DIR [--config FILE] [--entry FILE] [--var K:V ...]
// (--entry serves another entry module with the same config: the load run's metered Worker.)
import { spawnSync } from 'node:child_process';
import { unstable_startWorker } from 'wrangler';

const args = process.argv.slice(2);
const value = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const vars = {};
for (let i = 0; i < args.length; i++) {
  if (args[i] !== '--var') continue;
  const [k, ...v] = args[i + 1].split(':');
  vars[k] = v.join(':');
}
// Another config (--config, a bench probe) is served as it is; the app's gets what scripts/start.mjs does
// before `wrangler dev`: the docs page's assets and the local migrations.
const config = value('--config') ?? 'wrangler.toml';
for (const [cmd, cmdArgs] of config !== 'wrangler.toml'
  ? []
  : [
      ['node', ['scripts/copy-docs-assets.mjs']],
      [
        'node_modules/.bin/wrangler',
        ['d1', 'migrations', 'apply', 'DB', '--local', ...(value('--persist-to') ? ['--persist-to', value('--persist-to')] : [])],
      ],
    ]) {
  const r = spawnSync(cmd, cmdArgs, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const worker = await unstable_startWorker({
  config,
  ...(value('--entry') ? { entrypoint: value('--entry') } : {}),
  dev: {
    inspector: false,
    server: { hostname: '127.0.0.1', port: Number(value('--port') ?? 8787) },
    persist: value('--persist-to'),
    remote: false,
  },
  bindings: Object.fromEntries(Object.entries(vars).map(([k, v]) => [k, { type: 'plain_text', value: v }])),
});
await worker.ready;
console.log(`Ready on ${await worker.url}`);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => worker.dispose().finally(() => process.exit(0)));
