// Turns an operation and a target into a request: fixture values first, schema-plausible ones for the rest.
import type { XAccess } from '../../src/http/callers';
import type { CallResult } from '../helpers/http';
import type { Operation } from '../fuzz/documents';
import { request } from './callers';
import type { Target } from './fixtures';
import { plausible } from './plausible';

export type AccessOperation = Operation & { access: XAccess };

export function accessOf(op: Operation): XAccess | undefined {
  return op.doc.paths[op.path]?.[op.method.toLowerCase()]?.['x-access'];
}

export function url(op: Operation, target: Target): string {
  let path = op.path;
  const query = new URLSearchParams();
  for (const p of op.params) {
    const value = target.params?.[p.name] ?? target.query?.[p.name] ?? (p.required ? plausible(op.doc, p.schema, p.name) : undefined);
    if (value === undefined) continue;
    if (p.in === 'path') path = path.replace(`{${p.name}}`, encodeURIComponent(String(value)));
    else if (p.in === 'query') query.set(p.name, String(value));
  }
  const qs = query.toString();
  return path + (qs ? `?${qs}` : '');
}

export function jsonBody(op: Operation, target: Target, extra: Record<string, unknown> = {}): Record<string, unknown> | undefined {
  if (!op.jsonBody) return Object.keys(extra).length ? extra : undefined;
  return { ...(plausible(op.doc, op.jsonBody.schema) as Record<string, unknown>), ...target.body, ...extra };
}

export function sendCase(
  op: Operation,
  target: Target,
  authorization: string | undefined,
  extra?: Record<string, unknown>,
): Promise<CallResult> {
  const json = jsonBody(op, target, extra);
  return request(op.method, url(op, target), { authorization, json, body: json === undefined ? target.raw?.() : undefined });
}
