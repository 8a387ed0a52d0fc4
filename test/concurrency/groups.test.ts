import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { communityMembers } from '../../src/db/schema';
import { testDeps } from '../helpers/deps';
import { actor, actors, type Actor } from './actors';
import { burst, request, split } from './burst';

// Personal-center study teams and rooms: capacity is part of the join's insert, member_count is what every list shows.
const N = 12;
const members = (groupId: number) => testDeps().db.select().from(communityMembers).where(eq(communityMembers.groupId, groupId)).all();

type Kind = 'team' | 'room';
const plural = (kind: Kind) => (kind === 'team' ? 'teams' : 'rooms');

async function group(kind: Kind, owner: Actor, maxMembers: number): Promise<number> {
  const json = kind === 'team' ? { team_name: '并发团队', max_members: maxMembers } : { room_name: '并发自习室', max_members: maxMembers };
  const res = await request('POST', `/api/student/${plural(kind)}`, { token: owner.token, json });
  expect(res.status, res.text).toBe(200);
  return res.body.data[kind][`${kind}_id`];
}

const join = (kind: Kind, id: number, token: string) => request('POST', `/api/student/${plural(kind)}/${id}/join`, { token });

/** member_count as the list of that kind shows it to `viewer`. */
async function listedCount(kind: Kind, id: number, viewer: Actor): Promise<number> {
  const res = await request('GET', `/api/student/${plural(kind)}?page=1&page_size=50`, { token: viewer.token });
  const items = (res.body.data.list ?? res.body.data.items ?? res.body.data[plural(kind)]) as Record<string, number>[];
  const row = items.find((g) => g[`${kind}_id`] === id);
  expect(row, res.text.slice(0, 400)).toBeDefined();
  return row!.member_count!;
}

for (const [kind, max] of [
  ['team', 4],
  ['room', 5],
] as const) {
  describe(`${N} learners joining one ${kind} of ${max} at once`, () => {
    it(`exactly ${max - 1} join (the owner is the first member), the others 409; never overfilled`, async () => {
      const owner = await actor();
      const id = await group(kind, owner, max);
      const joiners = await actors(N);
      const results = await burst(N, (i) => join(kind, id, joiners[i]!.token));
      const [won, lost] = split(results, 200, max - 1, 409);
      for (const r of lost) expect(r.body).toMatchObject({ status: 'error', message: expect.stringMatching(/已满/) });
      const rows = await members(id);
      expect(rows).toHaveLength(max);
      expect(new Set(rows.map((r) => r.accountId)).size).toBe(max);
      expect(await listedCount(kind, id, owner)).toBe(max);
      // A winner's answer is read after its join, so it may include later joins, but never beyond capacity.
      for (const r of won) expect(r.body.data[kind]).toMatchObject({ is_member: 1, member_count: expect.any(Number) });
      for (const r of won) expect(r.body.data[kind].member_count).toBeLessThanOrEqual(max);
    });
  });
}

describe(`joins up to capacity at once`, () => {
  it(`${N} learners joining a team with room for all of them: all join, member_count N + 1`, async () => {
    const owner = await actor();
    const id = await group('team', owner, N + 1);
    const joiners = await actors(N);
    const results = await burst(N, (i) => join('team', id, joiners[i]!.token));
    split(results, 200, N, 0);
    expect(await members(id)).toHaveLength(N + 1);
    expect(await listedCount('team', id, owner)).toBe(N + 1);
  });

  it(`one learner joining one team ${N} times: one membership, one 已加入学习团队, 团队新人 earned once`, async () => {
    const owner = await actor();
    const id = await group('team', owner, 10);
    const s = await actor();
    const results = await burst(N, () => join('team', id, s.token));
    split(results, 200, N, 0);
    const messages = results.map((r) => r.body.data.message);
    expect(messages.filter((m) => m === '已加入学习团队')).toHaveLength(1);
    expect(messages.filter((m) => m === '您已在该学习团队中')).toHaveLength(N - 1);
    expect(results.flatMap((r) => r.body.data.new_achievements).map((a: { achievement_id: number }) => a.achievement_id)).toEqual([9]);
    expect((await members(id)).filter((m) => m.accountId === s.id)).toHaveLength(1);
  });
});
