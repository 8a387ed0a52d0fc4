import type { AchievementRow } from '../../db/schema';
import type { AchievementStatus } from '../../domain/achievements/achievements';
import type { Account } from '../../domain/accounts/accounts';
import type { Role } from '../../domain/accounts/roles';
import type { GroupView } from '../../domain/community/groups';
import type { CourseMaterial } from '../../domain/courses/course-materials';
import type { CourseView } from '../../domain/courses/courses';
import type { Profile } from '../../domain/profiles/profiles';

/** The document's times: ISO 8601 in UTC with milliseconds (`2025-11-18T13:38:20.000Z`). */
export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null | undefined): string | null => (ms == null ? null : iso(ms));
export const flag = (b: boolean): 0 | 1 => (b ? 1 : 0);

/** learner = student, instructor = teacher; other roles never reach these views (the routes' callers: src/domain/profiles/members.ts). */
export const pcRole = (role: Role): 'learner' | 'instructor' => (role === 'teacher' ? 'instructor' : 'learner');

const oneDecimal = (n: number | null): number | null => (n == null ? null : Math.round(n * 10) / 10);

export function toUser(a: Account) {
  return { user_id: a.id, user_name: a.name, phone: a.phone ?? '', email: a.email ?? '', role: pcRole(a.role), avatar_url: a.avatarUrl };
}

export function toProfile(p: Profile) {
  const a = p.account;
  return {
    user_id: a.id,
    user_name: a.name,
    phone: a.phone ?? '',
    email: a.email ?? '',
    avatar_url: a.avatarUrl,
    user_intro: p.userIntro,
    occupation: p.occupation,
    learning_goal: p.learningGoal,
    role: pcRole(a.role),
    register_time: iso(a.createdAt),
    last_login_time: isoOrNull(a.lastLoginAt),
  };
}

export function toCourse(v: CourseView) {
  const c = v.course;
  return {
    course_id: c.id,
    course_name: c.name,
    course_desc: c.description,
    cover_img: c.coverImg,
    category_id: c.categoryId,
    teacher_user_id: c.teacherId,
    difficulty_level: c.difficultyLevel,
    course_duration: c.durationSeconds,
    is_online: flag(c.isOnline && c.deletedAt === null),
    category_name: v.categoryName,
    teacher_name: v.teacherName,
    enrolled_count: Number(v.enrolledCount),
    avg_rating: oneDecimal(v.avgRating),
    rating_count: Number(v.ratingCount),
    created_time: iso(c.createdAt),
    updated_time: iso(c.updatedAt),
  };
}

/** Materials live in the learning API: their bytes and thumbnails are served at its public paths. */
export function toMaterial(m: CourseMaterial) {
  return {
    material_id: m.id,
    title: m.title,
    type: m.type,
    file_size: m.fileSize,
    file_path: `/api/v1/materials/${m.id}/file`,
    thumbnail_path: `/api/v1/materials/${m.id}/thumbnail`,
    added_time: iso(m.addedAt),
  };
}

export function toCourseWithMaterials(v: CourseView, materials: Map<number, CourseMaterial[]>) {
  return { ...toCourse(v), materials: (materials.get(v.course.id) ?? []).map(toMaterial) };
}

export function toAchievement(s: AchievementStatus) {
  const a = s.achievement;
  return {
    achievement_id: a.id,
    name: a.name,
    description: a.description,
    icon_class: a.iconClass,
    achievement_type: a.achievementType,
    required_value: a.requiredValue,
    earned_time: isoOrNull(s.earnedAt),
    is_earned: flag(s.earnedAt !== null),
  };
}

export const toNewAchievement = (a: AchievementRow) => ({ achievement_id: a.id, name: a.name, icon_class: a.iconClass });

function groupFields(v: GroupView, viewerId: number) {
  const g = v.group;
  const count = Number(v.memberCount);
  return {
    description: g.description,
    owner_id: g.ownerId,
    owner_name: v.ownerName,
    member_count: count,
    max_members: g.maxMembers,
    is_member: flag(v.joinedAt !== null),
    is_owner: flag(g.ownerId === viewerId),
    is_full: flag(count >= g.maxMembers),
    joined_time: isoOrNull(v.joinedAt),
    created_time: iso(g.createdAt),
  };
}

export const toTeam = (v: GroupView, viewerId: number) => ({ team_id: v.group.id, team_name: v.group.name, ...groupFields(v, viewerId) });
export const toRoom = (v: GroupView, viewerId: number) => ({ room_id: v.group.id, room_name: v.group.name, ...groupFields(v, viewerId) });
