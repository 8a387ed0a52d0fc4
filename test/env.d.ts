// The Worker's own bindings come from worker-configuration.d.ts (`wrangler types`); the tests add theirs.
declare global {
  namespace Cloudflare {
    interface Env {
      TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
    }
  }
}
export {};
