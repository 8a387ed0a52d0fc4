import { createApiClient, type ApiClientOptions } from './client.js';
import type { paths } from './generated/campus.js';

export type { components, operations, paths } from './generated/campus.js';
export { BOOKMARK_HEADER, formData, type ApiClientOptions, type Session } from './client.js';

/** A client for the campus API alone (openapi/campus.json). */
export const createCampusClient = (options?: ApiClientOptions) => createApiClient<paths>(options);
