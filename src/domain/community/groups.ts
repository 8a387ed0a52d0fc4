import { and, asc, count, desc, eq, sql, type SQL } from 'drizzle-orm';
import { accounts, communityGroups, communityMembers, type CommunityGroupRow } from '../../db/schema';
import { awardStatements, earnedIn } from '../achievements/awards';
import type { Metric } from '../achievements/definitions';
import { dayKey } from '../courses/study-days';
import type { Deps } from '../deps';
import { AppError } from '../errors';

/** Study teams and study rooms behave alike; they differ in name, default size and achievements. */
export type GroupKind = CommunityGroupRow['kind'];

export const GROUP_LIMITS: Record<GroupKind, { defaultMembers: number; maxMembers: number }> = {
  team: { defaultMembers: 10, maxMembers: 50 },
  room: { defaultMembers: 30, maxMembers: 200 },
};
export const MIN_MEMBERS = 2;
/** How many groups the community overview suggests per kind. */
export const AVAILABLE_LIMIT = 20;

export interface GroupView {
  group: CommunityGroupRow;
  ownerName: string;
  memberCount: number;
  /** When the viewer joined; null when the viewer is not a member. */
  joinedAt: number | null;
}

const JOIN_METRICS: Record<GroupKind, Metric> = { team: 'teams_joined', room: 'rooms_joined' };

const groupNotFound = (kind: GroupKind) =>
  new AppError('not_found', kind === 'team' ? 'TEAM_NOT_FOUND' : 'ROOM_NOT_FOUND', `${kind} not found`);

/** Stored, kept exact by triggers on community_members (migrations/0004_stored_counts.sql). */
const memberCount = sql<number>`${communityGroups.memberCount}`;

// Aliased: inside a D1 batch rows come back as objects, where community_groups.name and accounts.name would collapse.

function viewColumns(viewerId: number) {
  return {
    group: communityGroups,
    ownerName: sql<string>`${accounts.name}`.as('owner_name'),
    memberCount: memberCount.as('members_now'),
    joinedAt: sql<
      number | null
    >`(select ${communityMembers.joinedAt} from ${communityMembers} where ${communityMembers.groupId} = ${communityGroups.id} and ${communityMembers.accountId} = ${viewerId})`.as(
      'joined_at_viewer',
    ),
  };
}

function selectGroups(deps: Deps, viewerId: number) {
  return deps.db.select(viewColumns(viewerId)).from(communityGroups).innerJoin(accounts, eq(accounts.id, communityGroups.ownerId));
}

async function groupView(deps: Deps, viewerId: number, kind: GroupKind, id: number): Promise<GroupView> {
  const [row] = await selectGroups(deps, viewerId).where(and(eq(communityGroups.id, id), eq(communityGroups.kind, kind)));
  if (!row) throw groupNotFound(kind);
  return row;
}

export interface NewGroup {
  name: string;
  description: string | null;
  maxMembers?: number;
}

export interface GroupChange {
  view: GroupView;
  /** False when nothing changed (already a member / not a member). */
  changed: boolean;
  newAchievements: number[];
}

/** The creator owns the group and is its first member; one transaction, achievements included. */
export async function createGroup(deps: Deps, accountId: number, kind: GroupKind, input: NewGroup): Promise<GroupChange> {
  const now = deps.clock.now();
  const maxMembers = input.maxMembers ?? GROUP_LIMITS[kind].defaultMembers;
  const metrics: Metric[] = kind === 'team' ? ['teams_joined', 'teams_created'] : ['rooms_joined'];
  const [created, , ...awards] = await deps.db.batch([
    deps.db
      .insert(communityGroups)
      .values({ kind, name: input.name, description: input.description, ownerId: accountId, maxMembers, createdAt: now, updatedAt: now })
      .returning({ id: communityGroups.id }),
    // Same transaction, same connection: last_insert_rowid() is the group just inserted.
    deps.db.insert(communityMembers).values({ groupId: sql`last_insert_rowid()`, accountId, joinedAt: now }),
    ...awardStatements(deps, accountId, metrics, now, dayKey(now, deps.config.timezone)),
  ]);
  const id = created[0]!.id;
  return { view: await groupView(deps, accountId, kind, id), changed: true, newAchievements: earnedIn(awards) };
}

/**
 * Joins when there is room. The capacity check is part of the insert, so parallel joins never
 * overfill a group; a full group answers 409, joining again changes nothing.
 */
export async function joinGroup(deps: Deps, accountId: number, kind: GroupKind, id: number): Promise<GroupChange> {
  const before = await groupView(deps, accountId, kind, id);
  if (before.joinedAt !== null) return { view: before, changed: false, newAchievements: [] };
  const now = deps.clock.now();
  const [inserted, ...awards] = await deps.db.batch([
    deps.db
      .insert(communityMembers)
      .select(
        sql`select ${communityGroups.id}, ${accountId}, ${now} from ${communityGroups}
          where ${communityGroups.id} = ${id} and ${communityGroups.kind} = ${kind} and ${memberCount} < ${communityGroups.maxMembers}`,
      )
      .onConflictDoNothing()
      .returning({ groupId: communityMembers.groupId }),
    ...awardStatements(deps, accountId, [JOIN_METRICS[kind]], now, dayKey(now, deps.config.timezone)),
  ]);
  const view = await groupView(deps, accountId, kind, id);
  if (inserted.length === 0) {
    if (view.joinedAt !== null) return { view, changed: false, newAchievements: [] };
    throw new AppError('conflict', kind === 'team' ? 'TEAM_FULL' : 'ROOM_FULL', `The ${kind} is full`);
  }
  return { view, changed: true, newAchievements: earnedIn(awards) };
}

/**
 * Leaves a group. When the owner leaves, the longest-standing member becomes the owner; when the
 * last member leaves, the group is removed. Returns null when that removed the group.
 */
export async function leaveGroup(
  deps: Deps,
  accountId: number,
  kind: GroupKind,
  id: number,
): Promise<{ view: GroupView | null; changed: boolean }> {
  const before = await groupView(deps, accountId, kind, id);
  if (before.joinedAt === null) return { view: before, changed: false };
  const now = deps.clock.now();
  const remaining = sql`exists (select 1 from ${communityMembers} where ${communityMembers.groupId} = ${id})`;
  const [removed] = await deps.db.batch([
    deps.db
      .delete(communityMembers)
      .where(and(eq(communityMembers.groupId, id), eq(communityMembers.accountId, accountId)))
      .returning({ groupId: communityMembers.groupId }),
    deps.db
      .update(communityGroups)
      .set({
        ownerId: sql`(select ${communityMembers.accountId} from ${communityMembers} where ${communityMembers.groupId} = ${id} order by ${communityMembers.joinedAt}, ${communityMembers.accountId} limit 1)`,
        updatedAt: now,
      })
      .where(and(eq(communityGroups.id, id), eq(communityGroups.ownerId, accountId), remaining)),
    deps.db.delete(communityGroups).where(and(eq(communityGroups.id, id), sql`not ${remaining}`)),
  ]);
  const [after] = await selectGroups(deps, accountId).where(eq(communityGroups.id, id));
  return { view: after ?? null, changed: removed.length > 0 };
}

export interface GroupPage {
  items: GroupView[];
  total: number;
}

/** Every group of a kind, newest first, with the viewer's membership. */
export async function listGroups(deps: Deps, viewerId: number, kind: GroupKind, page: number, pageSize: number): Promise<GroupPage> {
  const where = eq(communityGroups.kind, kind);
  const [items, totals] = await deps.db.batch([
    selectGroups(deps, viewerId)
      .where(where)
      .orderBy(desc(communityGroups.createdAt), desc(communityGroups.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    deps.db.select({ n: count() }).from(communityGroups).where(where),
  ]);
  return { items, total: totals[0]?.n ?? 0 };
}

export interface CommunityOverview {
  myTeams: GroupView[];
  myRooms: GroupView[];
  availableTeams: GroupView[];
  availableRooms: GroupView[];
}

/** The learner's groups (earliest joined first) and groups they could join (not a member, not full; newest first). */
export async function communityOverview(deps: Deps, accountId: number): Promise<CommunityOverview> {
  const isMember: SQL = sql`exists (select 1 from ${communityMembers} where ${communityMembers.groupId} = ${communityGroups.id} and ${communityMembers.accountId} = ${accountId})`;
  const mine = (kind: GroupKind) =>
    selectGroups(deps, accountId)
      .innerJoin(communityMembers, and(eq(communityMembers.groupId, communityGroups.id), eq(communityMembers.accountId, accountId)))
      .where(eq(communityGroups.kind, kind))
      .orderBy(asc(communityMembers.joinedAt), asc(communityGroups.id));
  const available = (kind: GroupKind) =>
    selectGroups(deps, accountId)
      .where(and(eq(communityGroups.kind, kind), sql`not ${isMember}`, sql`${memberCount} < ${communityGroups.maxMembers}`))
      .orderBy(desc(communityGroups.createdAt), desc(communityGroups.id))
      .limit(AVAILABLE_LIMIT);
  const [myTeams, myRooms, availableTeams, availableRooms] = await deps.db.batch([
    mine('team'),
    mine('room'),
    available('team'),
    available('room'),
  ]);
  return { myTeams, myRooms, availableTeams, availableRooms };
}
