// Schemathesis-style checks of one response against the operation's declared responses.
import type { CallResult } from '../helpers/http';
import type { Operation } from './documents';
import { errorsText, paramValue, validator } from './validators';

/** Statuses the platform may answer for any operation without each route declaring them. */
export const GENERIC_STATUSES = new Set([405, 413, 415, 429]);

export interface Case {
  method: string;
  url: string;
  role: string;
  body?: string;
  headers?: Record<string, string>;
  /** The request violates the declared schema (parameters or body): the answer must be a 4xx. */
  invalid: string | null;
}

export function checkResponse(op: Operation, c: Case, res: CallResult): string[] {
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`server error ${res.status}`);
  if (c.role === 'none' && op.protected && res.status !== 401 && res.status !== 403)
    problems.push(`no token but ${res.status} (expected 401/403)`);
  if (c.invalid && (res.status < 400 || res.status >= 500)) problems.push(`invalid request (${c.invalid}) answered ${res.status}`);
  const declared = op.responses[String(res.status)] ?? op.responses[`${String(res.status)[0]}XX`] ?? op.responses.default;
  const contentType = res.headers.get('content-type') ?? '';
  if (!declared) {
    if (!GENERIC_STATUSES.has(res.status)) problems.push(`undeclared status ${res.status}`);
    else if (!contentType.includes('application/json')) problems.push(`generic ${res.status} without a JSON body`);
    return problems;
  }
  problems.push(...checkHeaders(op, res, declared.headers ?? {}));
  const content = declared.content ?? {};
  const types = Object.keys(content);
  if (types.length === 0) {
    if (res.text.length > 0 && res.status !== 304) problems.push(`status ${res.status} declares no body but got ${contentType}`);
    return problems;
  }
  const json = content['application/json'];
  if (!json) return problems; // a file: the type is checked by the API's own tests
  if (!contentType.includes('application/json')) {
    problems.push(`status ${res.status}: content type ${contentType || '(none)'} not declared`);
    return problems;
  }
  if (json.schema) {
    const v = validator(op.api, json.schema);
    if (!v(res.body)) problems.push(`status ${res.status} body does not match the schema: ${errorsText(v)}`);
  }
  return problems;
}

/** Schemathesis's response_headers_conformance: a required header is present; a present one fits its schema. */
export function checkHeaders(
  op: Operation,
  res: CallResult,
  headers: Record<string, { required?: boolean; schema?: Record<string, unknown> }>,
): string[] {
  const problems: string[] = [];
  for (const [name, h] of Object.entries(headers)) {
    const value = res.headers.get(name);
    if (value === null) {
      if (h.required) problems.push(`status ${res.status}: required header ${name} missing`);
    } else if (h.schema && !validator(op.api, h.schema)(paramValue(h.schema, value))) {
      problems.push(`status ${res.status}: header ${name}=${value.slice(0, 60)} does not match its schema`);
    }
  }
  return problems;
}
