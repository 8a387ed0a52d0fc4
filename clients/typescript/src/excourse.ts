import { createApiClient, type ApiClientOptions } from './client.js';
import type { paths } from './generated/excourse.js';

export type { components, operations, paths } from './generated/excourse.js';
export { BOOKMARK_HEADER, formData, type ApiClientOptions, type Session } from './client.js';

/** A client for the excourse API alone (openapi/excourse.json). */
export const createExcourseClient = (options?: ApiClientOptions) => createApiClient<paths>(options);
