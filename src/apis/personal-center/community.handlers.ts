import type { RouteHandler } from '@hono/zod-openapi';
import { communityOverview, createGroup, joinGroup, leaveGroup, listGroups } from '../../domain/community/groups';
import type { AppEnv } from '../../env';
import type * as routes from './community.routes';
import { success } from './envelope';
import { newAchievements } from './student.handlers';
import { toRoom, toTeam } from './views';

export const communityHandler: RouteHandler<typeof routes.community, AppEnv> = async (c) => {
  const me = c.var.principal.accountId;
  const o = await communityOverview(c.var.deps, me);
  return c.json(
    success({
      my_teams: o.myTeams.map((v) => toTeam(v, me)),
      my_rooms: o.myRooms.map((v) => toRoom(v, me)),
      available_teams: o.availableTeams.map((v) => toTeam(v, me)),
      available_rooms: o.availableRooms.map((v) => toRoom(v, me)),
      stats: { teams_count: o.myTeams.length, rooms_count: o.myRooms.length },
    }),
    200,
  );
};

const pagination = (page: number, pageSize: number, total: number) => ({
  page,
  page_size: pageSize,
  total,
  total_pages: Math.ceil(total / pageSize),
});

export const listTeamsHandler: RouteHandler<typeof routes.listTeams, AppEnv> = async (c) => {
  const { page, page_size } = c.req.valid('query');
  const me = c.var.principal.accountId;
  const { items, total } = await listGroups(c.var.deps, me, 'team', page, page_size);
  return c.json(success({ teams: items.map((v) => toTeam(v, me)), pagination: pagination(page, page_size, total) }), 200);
};

export const listRoomsHandler: RouteHandler<typeof routes.listRooms, AppEnv> = async (c) => {
  const { page, page_size } = c.req.valid('query');
  const me = c.var.principal.accountId;
  const { items, total } = await listGroups(c.var.deps, me, 'room', page, page_size);
  return c.json(success({ rooms: items.map((v) => toRoom(v, me)), pagination: pagination(page, page_size, total) }), 200);
};

export const createTeamHandler: RouteHandler<typeof routes.createTeam, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const me = c.var.principal.accountId;
  const r = await createGroup(c.var.deps, me, 'team', {
    name: body.team_name,
    description: body.description ?? null,
    maxMembers: body.max_members,
  });
  return c.json(
    success({
      message: '学习团队创建成功',
      team: toTeam(r.view, me),
      new_achievements: await newAchievements(c.var.deps, r.newAchievements),
    }),
    200,
  );
};

export const createRoomHandler: RouteHandler<typeof routes.createRoom, AppEnv> = async (c) => {
  const body = c.req.valid('json');
  const me = c.var.principal.accountId;
  const r = await createGroup(c.var.deps, me, 'room', {
    name: body.room_name,
    description: body.description ?? null,
    maxMembers: body.max_members,
  });
  return c.json(
    success({
      message: '自习室创建成功',
      room: toRoom(r.view, me),
      new_achievements: await newAchievements(c.var.deps, r.newAchievements),
    }),
    200,
  );
};

export const joinTeamHandler: RouteHandler<typeof routes.joinTeam, AppEnv> = async (c) => {
  const me = c.var.principal.accountId;
  const r = await joinGroup(c.var.deps, me, 'team', c.req.valid('param').teamId);
  return c.json(
    success({
      message: r.changed ? '已加入学习团队' : '您已在该学习团队中',
      team: toTeam(r.view, me),
      new_achievements: await newAchievements(c.var.deps, r.newAchievements),
    }),
    200,
  );
};

export const joinRoomHandler: RouteHandler<typeof routes.joinRoom, AppEnv> = async (c) => {
  const me = c.var.principal.accountId;
  const r = await joinGroup(c.var.deps, me, 'room', c.req.valid('param').roomId);
  return c.json(
    success({
      message: r.changed ? '已加入自习室' : '您已在该自习室中',
      room: toRoom(r.view, me),
      new_achievements: await newAchievements(c.var.deps, r.newAchievements),
    }),
    200,
  );
};

export const leaveTeamHandler: RouteHandler<typeof routes.leaveTeam, AppEnv> = async (c) => {
  const me = c.var.principal.accountId;
  const r = await leaveGroup(c.var.deps, me, 'team', c.req.valid('param').teamId);
  const message = !r.changed ? '您不在该学习团队中' : r.view ? '已退出学习团队' : '已退出，学习团队已无成员并关闭';
  return c.json(success({ message, team: r.view ? toTeam(r.view, me) : null, new_achievements: [] }), 200);
};

export const leaveRoomHandler: RouteHandler<typeof routes.leaveRoom, AppEnv> = async (c) => {
  const me = c.var.principal.accountId;
  const r = await leaveGroup(c.var.deps, me, 'room', c.req.valid('param').roomId);
  const message = !r.changed ? '您不在该自习室中' : r.view ? '已退出自习室' : '已退出，自习室已无成员并关闭';
  return c.json(success({ message, room: r.view ? toRoom(r.view, me) : null, new_achievements: [] }), 200);
};
