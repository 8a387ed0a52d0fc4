import { createApiClient, type ApiClientOptions } from './client.js';
import type { paths } from './generated/progress.js';

export type { components, operations, paths } from './generated/progress.js';
export { BOOKMARK_HEADER, formData, type ApiClientOptions, type Session } from './client.js';

/** A client for the progress API alone (openapi/progress.json). */
export const createProgressClient = (options?: ApiClientOptions) => createApiClient<paths>(options);
