import type { ApiModule } from '../http/api-module';
import { learningApi } from './learning';

/** Every API document the Worker serves. Adding an API is a new folder and one line here. */
export const APIS: readonly ApiModule[] = [learningApi];

/** The API whose document owns a path; the learning API answers for paths no document claims. */
export function apiForPath(path: string): ApiModule {
  return APIS.find((api) => api.owns(path)) ?? learningApi;
}
