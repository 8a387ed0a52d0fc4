import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { communityGroups, communityMembers } from '../../../src/db/schema';
import { testDeps } from '../../helpers/deps';
import { api, expectError, expectOk, expectUnauthenticated, instructor, ISO_MS, learner, type PcUser } from './support';

const members = (groupId: number) => testDeps().db.select().from(communityMembers).where(eq(communityMembers.groupId, groupId)).all();
const group = (id: number) => testDeps().db.select().from(communityGroups).where(eq(communityGroups.id, id)).get();

async function team(owner: PcUser, json: Record<string, unknown> = {}) {
  return expectOk(await api('POST', '/api/student/teams', owner.token, { json: { team_name: '前端学习小组', ...json } }));
}
async function room(owner: PcUser, json: Record<string, unknown> = {}) {
  return expectOk(await api('POST', '/api/student/rooms', owner.token, { json: { room_name: '晚间自习室', ...json } }));
}

describe('study teams', () => {
  it('creates a team owned by its creator, who is its first member (and earns 团队领袖 and 团队新人)', async () => {
    const s = await learner('队长');
    const data = await team(s, { description: '每周一起学', max_members: 5 });
    expect(data.message).toBe('学习团队创建成功');
    expect(data.team).toEqual({
      team_id: expect.any(Number),
      team_name: '前端学习小组',
      description: '每周一起学',
      owner_id: s.id,
      owner_name: '队长',
      member_count: 1,
      max_members: 5,
      is_member: 1,
      is_owner: 1,
      is_full: 0,
      joined_time: expect.stringMatching(ISO_MS),
      created_time: expect.stringMatching(ISO_MS),
    });
    expect(data.new_achievements.map((a: any) => a.name).sort()).toEqual(['团队新人', '团队领袖'].sort());
    expect(expectOk(await api('GET', '/api/student/teams', s.token)).teams[0].team_id).toBe(data.team.team_id);
  });

  it('joins, refuses a full team with 409, and joining again changes nothing', async () => {
    const owner = await learner();
    const { team: t } = await team(owner, { max_members: 2 });
    const a = await learner();
    const joined = expectOk(await api('POST', `/api/student/teams/${t.team_id}/join`, a.token));
    expect(joined).toMatchObject({ message: '已加入学习团队', team: { member_count: 2, is_member: 1, is_owner: 0, is_full: 1 } });
    expect(joined.new_achievements.map((x: any) => x.name)).toEqual(['团队新人']);
    expect(expectOk(await api('POST', `/api/student/teams/${t.team_id}/join`, a.token)).message).toBe('您已在该学习团队中');
    const b = await learner();
    expectError(await api('POST', `/api/student/teams/${t.team_id}/join`, b.token), 409, '学习团队人数已满');
    expect((await members(t.team_id)).map((m) => m.accountId).sort()).toEqual([owner.id, a.id].sort());
  });

  it('leaving: a member leaves; the owner hands over to the longest-standing member; the last one closes the team', async () => {
    const owner = await learner();
    const { team: t } = await team(owner);
    const [a, b] = [await learner(), await learner()];
    expectOk(await api('POST', `/api/student/teams/${t.team_id}/join`, a.token));
    expectOk(await api('POST', `/api/student/teams/${t.team_id}/join`, b.token));
    const left = expectOk(await api('POST', `/api/student/teams/${t.team_id}/leave`, owner.token));
    expect(left).toMatchObject({ message: '已退出学习团队', team: { owner_id: a.id, member_count: 2, is_member: 0 } });
    expect(expectOk(await api('POST', `/api/student/teams/${t.team_id}/leave`, owner.token)).message).toBe('您不在该学习团队中');
    expectOk(await api('POST', `/api/student/teams/${t.team_id}/leave`, a.token));
    expect((await group(t.team_id))?.ownerId).toBe(b.id);
    const last = expectOk(await api('POST', `/api/student/teams/${t.team_id}/leave`, b.token));
    expect(last).toEqual({ message: '已退出，学习团队已无成员并关闭', team: null, new_achievements: [] });
    expect(await group(t.team_id)).toBeUndefined();
    expectError(await api('POST', `/api/student/teams/${t.team_id}/join`, a.token), 404, '学习团队不存在');
  });

  it('validates input and refuses unknown ids', async () => {
    const s = await learner();
    for (const json of [{}, { team_name: '' }, { team_name: 'x', max_members: 1 }, { team_name: 'x', max_members: 51 }]) {
      expectError(await api('POST', '/api/student/teams', s.token, { json }), 400);
    }
    expectError(await api('POST', '/api/student/teams/999999/join', s.token), 404, '学习团队不存在');
    expectError(await api('POST', '/api/student/teams/999999/leave', s.token), 404);
    const { room: r } = await room(s);
    expectError(await api('POST', `/api/student/teams/${r.room_id}/join`, s.token), 404, '学习团队不存在');
  });

  it('ignores unknown fields: an owner, member count or id sent is not assigned', async () => {
    const s = await learner();
    const other = await learner();
    const made = expectOk(
      await api('POST', '/api/student/teams', s.token, { json: { team_name: 'x', owner_id: other.id, member_count: 40, team_id: 1 } }),
    ).team;
    const listed = expectOk(await api('GET', '/api/student/teams', s.token)).teams.find(
      (t: { team_id: number }) => t.team_id === made.team_id,
    );
    expect(listed).toMatchObject({ owner_id: s.id, member_count: 1, is_owner: 1 });
    expect(await members(made.team_id)).toHaveLength(1);
  });

  it('is for learners only', async () => {
    const s = await learner();
    const { team: t } = await team(s);
    const teacher = await instructor();
    expectError(await api('POST', '/api/student/teams', teacher.token, { json: { team_name: 'x' } }), 403);
    expectError(await api('POST', `/api/student/teams/${t.team_id}/join`, teacher.token), 403);
    expect(await members(t.team_id)).toHaveLength(1);
    await expectUnauthenticated(s, (token) => api('POST', `/api/student/teams/${t.team_id}/leave`, token));
    expect(await members(t.team_id)).toHaveLength(1);
  });
});

describe('study rooms', () => {
  it('creates, joins (409 when full), leaves and lists', async () => {
    const owner = await learner();
    const created = await room(owner, { max_members: 2, description: '安静' });
    expect(created.room).toMatchObject({ room_name: '晚间自习室', max_members: 2, member_count: 1, is_owner: 1 });
    expect(created.new_achievements.map((a: any) => a.name)).toEqual(['自习伙伴']);
    const r = created.room;
    const a = await learner();
    expect(expectOk(await api('POST', `/api/student/rooms/${r.room_id}/join`, a.token)).room.member_count).toBe(2);
    expectError(await api('POST', `/api/student/rooms/${r.room_id}/join`, (await learner()).token), 409, '自习室人数已满');
    expect(expectOk(await api('POST', `/api/student/rooms/${r.room_id}/leave`, a.token)).room).toMatchObject({
      member_count: 1,
      is_member: 0,
    });
    const page = expectOk(await api('GET', '/api/student/rooms?page=1&page_size=1', a.token));
    expect(page.rooms).toHaveLength(1);
    expect(page.pagination).toMatchObject({ page: 1, page_size: 1 });
    expect(page.pagination.total).toBeGreaterThanOrEqual(1);
    expectError(await api('POST', '/api/student/rooms', owner.token, { json: { room_name: 'x', max_members: 201 } }), 400);
  });
});

describe('GET /api/student/community', () => {
  it('shows my teams and rooms, ones I could join (not full), and my counts', async () => {
    const me = await learner();
    const other = await learner();
    const { team: mine } = await team(me, { team_name: '我的团队' });
    const { team: open } = await team(other, { team_name: '开放团队' });
    const { team: full } = await team(other, { team_name: '满员团队', max_members: 2 });
    expectOk(await api('POST', `/api/student/teams/${full.team_id}/join`, (await learner()).token));
    const { room: theirRoom } = await room(other);
    expectOk(await api('POST', `/api/student/rooms/${theirRoom.room_id}/join`, me.token));
    const data = expectOk(await api('GET', '/api/student/community', me.token));
    expect(data.my_teams.map((t: any) => t.team_id)).toEqual([mine.team_id]);
    expect(data.my_rooms.map((r: any) => r.room_id)).toEqual([theirRoom.room_id]);
    const available = data.available_teams.map((t: any) => t.team_id);
    expect(available).toContain(open.team_id);
    expect(available).not.toContain(full.team_id);
    expect(available).not.toContain(mine.team_id);
    expect(data.available_rooms.map((r: any) => r.room_id)).not.toContain(theirRoom.room_id);
    expect(data.stats).toEqual({ teams_count: 1, rooms_count: 1 });
  });

  it('is empty for a newcomer in the documented shape, and forbidden for instructors', async () => {
    const data = expectOk(await api('GET', '/api/student/community', (await learner()).token));
    expect(Object.keys(data).sort()).toEqual(['available_rooms', 'available_teams', 'my_rooms', 'my_teams', 'stats']);
    expect(data.my_teams).toEqual([]);
    expect(data.stats).toEqual({ teams_count: 0, rooms_count: 0 });
    expectError(await api('GET', '/api/student/community', (await instructor()).token), 403);
  });
});
