import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { communityGroups, communityMembers } from '../../../src/db/schema';
import { communityOverview, createGroup, joinGroup, leaveGroup, listGroups } from '../../../src/domain/community/groups';
import { testDeps } from '../../helpers/deps';
import { account } from '../courses/fixtures';

const membersOf = (id: number) => testDeps().db.select().from(communityMembers).where(eq(communityMembers.groupId, id)).all();

describe('community groups', () => {
  it('the creator owns the group and is its only member; the default limits differ per kind', async () => {
    const deps = testDeps();
    const owner = await account('student', deps);
    const team = await createGroup(deps, owner.id, 'team', { name: '团队', description: null });
    const room = await createGroup(deps, owner.id, 'room', { name: '房间', description: '安静' });
    expect(team.view).toMatchObject({
      memberCount: 1,
      joinedAt: expect.any(Number),
      group: { ownerId: owner.id, maxMembers: 10, kind: 'team' },
    });
    expect(room.view.group.maxMembers).toBe(30);
    expect((await membersOf(team.view.group.id)).map((m) => m.accountId)).toEqual([owner.id]);
  });

  it('parallel joins never exceed the limit', async () => {
    const deps = testDeps();
    const owner = await account('student', deps);
    const { view } = await createGroup(deps, owner.id, 'room', { name: 'r', description: null, maxMembers: 4 });
    const joiners = await Promise.all(Array.from({ length: 8 }, () => account('student', deps)));
    const outcomes = await Promise.allSettled(joiners.map((j) => joinGroup(deps, j.id, 'room', view.group.id)));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(3);
    for (const o of outcomes) if (o.status === 'rejected') expect(o.reason).toMatchObject({ kind: 'conflict', code: 'ROOM_FULL' });
    expect(await membersOf(view.group.id)).toHaveLength(4);
  });

  it('ownership passes to the longest-standing member, and the group goes with its last member', async () => {
    const deps = testDeps();
    const [owner, a, b] = [await account('student', deps), await account('student', deps), await account('student', deps)];
    deps.clock.set(1_000_000);
    const { view } = await createGroup(deps, owner.id, 'team', { name: 't', description: null });
    deps.clock.set(2_000_000);
    await joinGroup(deps, b.id, 'team', view.group.id);
    deps.clock.set(3_000_000);
    await joinGroup(deps, a.id, 'team', view.group.id);
    const afterOwner = await leaveGroup(deps, owner.id, 'team', view.group.id);
    expect(afterOwner.view?.group.ownerId).toBe(b.id);
    await leaveGroup(deps, b.id, 'team', view.group.id);
    expect((await leaveGroup(deps, a.id, 'team', view.group.id)).view).toBeNull();
    expect(await deps.db.select().from(communityGroups).where(eq(communityGroups.id, view.group.id)).all()).toEqual([]);
  });

  it('lists and summarises from the viewer’s side', async () => {
    const deps = testDeps();
    const [me, other] = [await account('student', deps), await account('student', deps)];
    const mine = await createGroup(deps, me.id, 'team', { name: 'mine', description: null });
    const theirs = await createGroup(deps, other.id, 'team', { name: 'theirs', description: null });
    const page = await listGroups(deps, me.id, 'team', 1, 100);
    const seen = new Map(page.items.map((v) => [v.group.id, v.joinedAt !== null]));
    expect(seen.get(mine.view.group.id)).toBe(true);
    expect(seen.get(theirs.view.group.id)).toBe(false);
    const overview = await communityOverview(deps, me.id);
    expect(overview.myTeams.map((v) => v.group.id)).toEqual([mine.view.group.id]);
    expect(overview.availableTeams.map((v) => v.group.id)).toContain(theirs.view.group.id);
    expect(overview.availableTeams.every((v) => v.ownerName.length > 0)).toBe(true);
  });
});
