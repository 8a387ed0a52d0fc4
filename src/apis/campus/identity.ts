import type { CampusSide } from '../../domain/schools/campus-accounts';

/** The campus document's `identity` at sign-in: 1 teacher (e-mail; administrators too), 2 student (username). */
export const CAMPUS_IDENTITIES = { 1: 'teacher', 2: 'student' } as const satisfies Record<number, CampusSide>;
export type CampusIdentity = keyof typeof CAMPUS_IDENTITIES;
