import { createApiClient, type ApiClientOptions } from './client.js';
import type * as campus from './generated/campus.js';
import type * as excourse from './generated/excourse.js';
import type * as learning from './generated/learning.js';
import type * as personalCenter from './generated/personal-center.js';
import type * as progress from './generated/progress.js';

export { BOOKMARK_HEADER, createApiClient, formData, type ApiClient, type ApiClientOptions, type Session } from './client.js';

// The combined document (openapi/openapi.json) is the five joined, no path or component claimed twice
// (src/openapi/documents.ts): so are its types.
export type paths = campus.paths & excourse.paths & learning.paths & personalCenter.paths & progress.paths;
export type components = campus.components & excourse.components & learning.components & personalCenter.components & progress.components;
export type operations = campus.operations & excourse.operations & learning.operations & personalCenter.operations & progress.operations;

/** A client for all five APIs (openapi/openapi.json): every path the Worker serves. */
export const createCourseClient = (options?: ApiClientOptions) => createApiClient<paths>(options);
