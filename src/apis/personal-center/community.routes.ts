import { z } from '@hono/zod-openapi';
import { GROUP_LIMITS, MIN_MEMBERS } from '../../domain/community/groups';
import { LEARNERS } from '../../domain/profiles/members';
import { jsonBody, jsonContent } from '../../http/content';
import { personalCenter } from './api';
import {
  envelope,
  Flag,
  idParam,
  Iso,
  MessageData,
  NewAchievement,
  optionalText,
  P,
  PageQuery,
  Pagination,
  requestBody,
  text,
} from './schemas';

const tags = ['Personal center: community'];

const groupFields = {
  description: z.string().nullable(),
  owner_id: z.number().int(),
  owner_name: z.string(),
  member_count: z.number().int(),
  max_members: z.number().int(),
  is_member: Flag,
  is_owner: Flag,
  is_full: Flag,
  joined_time: Iso.nullable().openapi({ description: 'When I joined; null when I am not a member' }),
  created_time: Iso,
};

export const Team = z.object({ team_id: z.number().int(), team_name: z.string(), ...groupFields }).openapi(`${P}Team`);
export const Room = z.object({ room_id: z.number().int(), room_name: z.string(), ...groupFields }).openapi(`${P}Room`);

const maxMembers = (kind: 'team' | 'room') =>
  z
    .number({ error: '必须是整数' })
    .int('必须是整数')
    .min(MIN_MEMBERS, `不能小于 ${MIN_MEMBERS}`)
    .max(GROUP_LIMITS[kind].maxMembers, `不能大于 ${GROUP_LIMITS[kind].maxMembers}`)
    .optional()
    .openapi({ description: `Member limit, default ${GROUP_LIMITS[kind].defaultMembers}` });

export const CreateTeamBody = requestBody({
  team_name: text(1, 50),
  description: optionalText(500),
  max_members: maxMembers('team'),
}).openapi(`${P}CreateTeamRequest`, {
  example: { team_name: '前端学习小组', description: '每周一起刷 Vue3 课程', max_members: 10 },
});
export const CreateRoomBody = requestBody({
  room_name: text(1, 50),
  description: optionalText(500),
  max_members: maxMembers('room'),
}).openapi(`${P}CreateRoomRequest`, {
  example: { room_name: '晚间自习室', description: '每晚 8 点到 10 点', max_members: 30 },
});

// A union, not .nullable(): on a named component the generator emits allOf [ref, null], which null fails.
const TeamResult = MessageData.extend({ team: z.union([Team, z.null()]), new_achievements: z.array(NewAchievement) }).openapi(
  `${P}TeamResult`,
);
const RoomResult = MessageData.extend({ room: z.union([Room, z.null()]), new_achievements: z.array(NewAchievement) }).openapi(
  `${P}RoomResult`,
);

const TeamParams = z.object({ teamId: idParam('teamId') });
const RoomParams = z.object({ roomId: idParam('roomId') });
const ListQuery = z.object(PageQuery);

export const community = personalCenter.route({
  method: 'get',
  path: '/api/student/community',
  operationId: 'personalCenterCommunity',
  callers: { auth: 'required', roles: LEARNERS },
  tags,
  summary: 'My teams and rooms, ones I could join (not full), and how many I am in',
  responses: {
    200: jsonContent(
      'Community',
      envelope(
        'Community',
        z.object({
          my_teams: z.array(Team),
          my_rooms: z.array(Room),
          available_teams: z.array(Team),
          available_rooms: z.array(Room),
          stats: z.object({ teams_count: z.number().int(), rooms_count: z.number().int() }),
        }),
      ),
    ),
  },
  errors: [401, 403, 500],
});

export const listTeams = personalCenter.route({
  method: 'get',
  path: '/api/student/teams',
  operationId: 'personalCenterListTeams',
  callers: { auth: 'required', roles: LEARNERS },
  tags,
  summary: 'Every study team, newest first',
  request: { query: ListQuery },
  responses: { 200: jsonContent('One page', envelope('TeamPage', z.object({ teams: z.array(Team), pagination: Pagination }))) },
  errors: [400, 401, 403, 500],
});

export const createTeam = personalCenter.route({
  method: 'post',
  path: '/api/student/teams',
  operationId: 'personalCenterCreateTeam',
  callers: { auth: 'required', roles: LEARNERS },
  tags,
  summary: 'Create a study team (I own it and am its first member)',
  request: { body: jsonBody(CreateTeamBody) },
  responses: { 200: jsonContent('Created', envelope('CreateTeam', TeamResult)) },
  errors: [400, 401, 403, 413, 415, 500],
});

export const joinTeam = personalCenter.route({
  method: 'post',
  path: '/api/student/teams/{teamId}/join',
  operationId: 'personalCenterJoinTeam',
  callers: { auth: 'required', roles: LEARNERS },
  tags,
  summary: 'Join a study team (409 when full; joining again changes nothing)',
  request: { params: TeamParams },
  responses: { 200: jsonContent('Joined', envelope('JoinTeam', TeamResult)) },
  errors: [400, 401, 403, 404, 409, 500],
});

export const leaveTeam = personalCenter.route({
  method: 'post',
  path: '/api/student/teams/{teamId}/leave',
  operationId: 'personalCenterLeaveTeam',
  callers: { auth: 'required', roles: LEARNERS },
  tags,
  summary: 'Leave a study team (an owner hands it to the longest-standing member; the last member closes it)',
  request: { params: TeamParams },
  responses: { 200: jsonContent('Left', envelope('LeaveTeam', TeamResult)) },
  errors: [400, 401, 403, 404, 500],
});

export const listRooms = personalCenter.route({
  method: 'get',
  path: '/api/student/rooms',
  operationId: 'personalCenterListRooms',
  callers: { auth: 'required', roles: LEARNERS },
  tags,
  summary: 'Every study room, newest first',
  request: { query: ListQuery },
  responses: { 200: jsonContent('One page', envelope('RoomPage', z.object({ rooms: z.array(Room), pagination: Pagination }))) },
  errors: [400, 401, 403, 500],
});

export const createRoom = personalCenter.route({
  method: 'post',
  path: '/api/student/rooms',
  operationId: 'personalCenterCreateRoom',
  callers: { auth: 'required', roles: LEARNERS },
  tags,
  summary: 'Create a study room (I own it and am its first member)',
  request: { body: jsonBody(CreateRoomBody) },
  responses: { 200: jsonContent('Created', envelope('CreateRoom', RoomResult)) },
  errors: [400, 401, 403, 413, 415, 500],
});

export const joinRoom = personalCenter.route({
  method: 'post',
  path: '/api/student/rooms/{roomId}/join',
  operationId: 'personalCenterJoinRoom',
  callers: { auth: 'required', roles: LEARNERS },
  tags,
  summary: 'Join a study room (409 when full; joining again changes nothing)',
  request: { params: RoomParams },
  responses: { 200: jsonContent('Joined', envelope('JoinRoom', RoomResult)) },
  errors: [400, 401, 403, 404, 409, 500],
});

export const leaveRoom = personalCenter.route({
  method: 'post',
  path: '/api/student/rooms/{roomId}/leave',
  operationId: 'personalCenterLeaveRoom',
  callers: { auth: 'required', roles: LEARNERS },
  tags,
  summary: 'Leave a study room (an owner hands it to the longest-standing member; the last member closes it)',
  request: { params: RoomParams },
  responses: { 200: jsonContent('Left', envelope('LeaveRoom', RoomResult)) },
  errors: [400, 401, 403, 404, 500],
});
