import { createApiClient, type ApiClientOptions } from './client.js';
import type { paths } from './generated/personal-center.js';

export type { components, operations, paths } from './generated/personal-center.js';
export { BOOKMARK_HEADER, formData, type ApiClientOptions, type Session } from './client.js';

/** A client for the personal-center API alone (openapi/personal-center.json). */
export const createPersonalCenterClient = (options?: ApiClientOptions) => createApiClient<paths>(options);
