import { createApiClient, type ApiClientOptions } from './client.js';
import type { paths } from './generated/learning.js';

export type { components, operations, paths } from './generated/learning.js';
export { BOOKMARK_HEADER, formData, type ApiClientOptions, type Session } from './client.js';

/** A client for the learning API alone (openapi/learning.json). */
export const createLearningClient = (options?: ApiClientOptions) => createApiClient<paths>(options);
