/** The doubles themselves: position and predicate faults, healing, and a mid-batch fault on the real D1. */
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { faultyD1, faultyKv, faultyR2, d1Outage } from '../helpers/faulty-bindings';

describe('faulty bindings', () => {
  it('failNth fails exactly the nth call from now, through to the real binding otherwise', async () => {
    const { binding, faults } = faultyKv(env.TOKENS);
    faults.failNth(2);
    await binding.put('fault-test:a', '1');
    await expect(binding.get('fault-test:a')).rejects.toThrow(/KV GET failed/);
    expect(await binding.get('fault-test:a')).toBe('1');
    expect(faults.calls.map((c) => c.op)).toEqual(['put', 'get', 'get']);
    expect(faults.failed).toEqual([{ op: 'get', key: 'fault-test:a' }]);
  });

  it('failWhen honours times, and heal stops every plan', async () => {
    const { binding, faults } = faultyR2(env.FILES);
    faults.failWhen((c) => c.op === 'head', { times: 2 });
    await expect(binding.head('x')).rejects.toThrow();
    await expect(binding.head('x')).rejects.toThrow();
    expect(await binding.head('x')).toBeNull();
    faults.failWhen(() => true);
    await expect(binding.list({ prefix: 'x' })).rejects.toThrow();
    faults.heal();
    expect((await binding.list({ prefix: 'x' })).objects).toEqual([]);
  });

  it('a batch fault runs the first half on the real database and rolls it back', async () => {
    await env.DB.prepare('create table if not exists fault_probe (n integer)').run();
    const { binding, faults } = faultyD1(env.DB);
    faults.failWhen((c) => c.op === 'batch');
    const insert = (n: number) => binding.prepare('insert into fault_probe (n) values (?)').bind(n);
    await expect(binding.batch([insert(1), insert(2), insert(3)])).rejects.toThrow(d1Outage().message);
    faults.heal();
    expect((await binding.prepare('select count(*) as c from fault_probe').first<{ c: number }>())!.c).toBe(0);
    await binding.batch([insert(1), insert(2)]);
    expect((await binding.prepare('select count(*) as c from fault_probe').first<{ c: number }>())!.c).toBe(2);
  });

  it('sessions go through the same faults', async () => {
    const { binding, faults } = faultyD1(env.DB);
    const session = binding.withSession('first-unconstrained');
    faults.failWhen((c) => c.op === 'first');
    await expect(session.prepare('select 1').first()).rejects.toThrow(/Network connection lost/);
    expect(faults.calls.map((c) => c.op)).toEqual(['withSession', 'first']);
  });
});
