// The layer rules docs/architecture.md ("Layers") describes, checked by `npm test` (`npm run layers`).
// Type-only imports count: a type loop is still a loop, and a domain that names a Hono type still
// depends on Hono (swc keeps `import type` edges in the graph).
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Modules import each other: split out what both need.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-stays-plain',
      severity: 'error',
      comment: 'The domain takes Deps and plain values: no HTTP, no API, no Worker bindings, no Hono.',
      from: { path: '^src/domain/' },
      to: { path: ['^src/(http|apis|openapi)/', '^src/(env|app|index)\\.ts$', '^node_modules/(hono|@hono)/'] },
    },
    {
      name: 'platform-stays-generic',
      severity: 'error',
      comment: 'Platform wraps the runtime (R2, KV, clocks, parsing): it knows nothing of the domain or HTTP.',
      from: { path: '^src/platform/' },
      to: { path: ['^src/(domain|http|apis|openapi|db)/', '^src/(env|app|index|config)\\.ts$'] },
    },
    {
      name: 'apis-stay-apart',
      severity: 'error',
      comment: 'One API never imports another: what two share belongs in src/http or src/domain.',
      from: { path: '^src/apis/([^/]+)/' },
      to: { path: '^src/apis/', pathNot: '^src/apis/$1/' },
    },
  ],
  options: {
    // dependency-cruiser reads TypeScript with tsc's API, which TypeScript 7 does not have yet: swc reads it.
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.mjs', '.json'] },
  },
};
