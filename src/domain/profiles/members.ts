import { roleGroup } from '../accounts/roles';
import { AppError } from '../errors';
import { PERSONAL_CENTER_ROLES, roleNotServed } from './phone-sign-in';

/** The personal center's callers: both of its roles (administrators of other APIs are refused), learners alone, instructors alone. */
export const MEMBERS = roleGroup(PERSONAL_CENTER_ROLES, roleNotServed);
export const LEARNERS = roleGroup(['student'], () => new AppError('forbidden', 'LEARNER_ONLY', 'Learners only'));
export const INSTRUCTORS = roleGroup(['teacher'], () => new AppError('forbidden', 'INSTRUCTOR_ONLY', 'Instructors only'));
