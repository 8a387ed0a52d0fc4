import type { ApiModule } from '../http/api-module';
import { campusApi } from './campus';
import { excourseApi } from './excourse';
import { learningApi } from './learning';
import { personalCenterApi } from './personal-center';
import { progressApi } from './progress';

/** Every API document the Worker serves. Adding an API is a new folder and one line here. */
export const APIS: readonly ApiModule[] = [learningApi, progressApi, excourseApi, campusApi, personalCenterApi];

/** The API whose document owns a path; the learning API answers for paths no document claims. */
export function apiForPath(path: string): ApiModule {
  return APIS.find((api) => api.owns(path)) ?? learningApi;
}
