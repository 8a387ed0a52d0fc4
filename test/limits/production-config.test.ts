/**
 * wrangler.toml's [env.production] against its top level. Wrangler inherits no binding, var or secret into
 * an environment, so production repeats them all; these tests fail when the two drift apart (a limiter,
 * a cron or a binding added at the top level only), and when production's secrets.required and the
 * Worker's own list of required secrets (src/config.ts) disagree.
 */
import { describe, expect, it } from 'vitest';
import wranglerToml from '../../wrangler.toml?raw';
import { PRODUCTION_BINDINGS, PRODUCTION_SECRETS, productionProblems } from '../../src/config';
import { THROTTLES } from '../../src/platform/rate-limit';
import { readToml, type Table } from './toml';

const config = readToml(wranglerToml);
const top = (name: string) => config.tables.get(name);
const prod = (name: string) => config.tables.get(`env.production.${name}`);
const topArray = (name: string) => config.arrays.get(name) ?? [];
const prodArray = (name: string) => config.arrays.get(`env.production.${name}`) ?? [];
const sorted = <T>(xs: T[]) => [...xs].sort();

describe('wrangler.toml [env.production]', () => {
  it('exists, with ENVIRONMENT = "production", the webhook SMS provider, throttles on and no localhost origin', () => {
    const vars = prod('vars');
    expect(vars).toBeDefined();
    expect(vars).toMatchObject({ ENVIRONMENT: 'production', SMS_PROVIDER: 'webhook', RATE_LIMITS: 'on' });
    expect(String(vars!.ALLOWED_ORIGINS)).not.toMatch(/localhost|127\.0\.0\.1/);
    expect(vars!.SMS_TEST_CODE ?? '').toBe('');
  });

  it('declares every var of the top level (vars are not inherited)', () => {
    expect(sorted(Object.keys(prod('vars')!))).toEqual(sorted(Object.keys(top('vars')!)));
  });

  it('declares the same seven rate limiters with the same numbers, under namespace ids of its own', () => {
    const shape = (l: Table) => ({ name: l.name, simple: l.simple });
    expect(sorted(prodArray('ratelimits').map((l) => JSON.stringify(shape(l))))).toEqual(
      sorted(topArray('ratelimits').map((l) => JSON.stringify(shape(l)))),
    );
    expect(sorted(prodArray('ratelimits').map((l) => l.name))).toEqual(sorted(Object.values(THROTTLES).map((t) => t.binding)));
    const ids = [...topArray('ratelimits'), ...prodArray('ratelimits')].map((l) => String(l.namespace_id));
    for (const id of ids) expect(id).toMatch(/^[1-9]\d*$/);
    expect(new Set(ids).size, 'namespace ids unique across both').toBe(ids.length);
  });

  it('declares the same crons', () => {
    const crons = (t: Table | undefined) => sorted((t?.crons as string[] | undefined) ?? []);
    expect(crons(prod('triggers'))).toEqual(crons(top('triggers')));
    expect(crons(prod('triggers')).length).toBeGreaterThan(0);
  });

  it('declares the same D1, R2, KV and assets bindings (D1 with its migrations folder)', () => {
    for (const kind of ['d1_databases', 'r2_buckets', 'kv_namespaces']) {
      const names = (ts: Table[]) => sorted(ts.map((t) => String(t.binding)));
      expect(names(prodArray(kind)), kind).toEqual(names(topArray(kind)));
      expect(prodArray(kind).length, kind).toBeGreaterThan(0);
    }
    expect(prodArray('d1_databases')[0]).toMatchObject({ binding: 'DB', migrations_dir: topArray('d1_databases')[0]!.migrations_dir });
    expect(prod('assets')).toEqual(top('assets'));
    expect(prod('observability')).toEqual(top('observability'));
    expect(prod('limits')).toEqual(top('limits'));
  });

  it('every binding the Worker requires in production is declared there', () => {
    const declared = new Set([
      ...['d1_databases', 'r2_buckets', 'kv_namespaces'].flatMap((k) => prodArray(k).map((t) => String(t.binding))),
      ...prodArray('ratelimits').map((l) => String(l.name)),
    ]);
    for (const name of PRODUCTION_BINDINGS) expect(declared.has(name), name).toBe(true);
  });

  it('lists as secrets.required exactly the secrets the Worker requires in production; the top level those of .dev.vars.example', () => {
    expect(sorted((prod('secrets')?.required as string[]) ?? [])).toEqual(sorted([...PRODUCTION_SECRETS]));
    expect(sorted((top('secrets')?.required as string[]) ?? [])).toEqual(['ADMIN_EMAIL', 'ADMIN_PASSWORD', 'JWT_SECRET']);
  });

  it('its vars pass the production check once the bindings and secrets are there', () => {
    const bindings = Object.fromEntries(PRODUCTION_BINDINGS.map((b) => [b, {}]));
    const secrets = {
      JWT_SECRET: 'x'.repeat(40),
      ADMIN_EMAIL: 'ops@example.com',
      ADMIN_PASSWORD: 'long-enough-1',
      SMS_WEBHOOK_URL: 'https://sms.example.com/send',
      SMS_WEBHOOK_SECRET: 's'.repeat(24),
    };
    expect(productionProblems({ ...(prod('vars') as Record<string, string>), ...bindings, ...secrets })).toEqual([]);
  });
});
