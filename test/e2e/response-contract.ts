// Every response an e2e suite receives from the Worker, checked against the committed OpenAPI document:
// its status must be declared for the operation (method + path template) and a JSON body must validate
// against the schema declared for that status (JSON Schema 2020-12, as OpenAPI 3.1 says).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

type Json = Record<string, any>;

const DOC_ID = 'https://e2e.test/openapi.json';
const doc: Json = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'openapi', 'openapi.json'), 'utf8'));

const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
addFormats.default(ajv);
ajv.addFormat('binary', true);
ajv.addSchema({ ...doc, $id: DOC_ID });

interface Operation {
  id: string;
  method: string;
  template: string;
  pattern: RegExp;
  responses: Json;
}

const pointer = (...parts: string[]) => parts.map((p) => p.replaceAll('~', '~0').replaceAll('/', '~1')).join('/');

// OpenAPI has no parameter spanning segments; this one's description says its slashes may be sent as they are.
const SPANS_SEGMENTS = '/materials/{key}';

/** `{param}` matches one segment (the whole rest of the path for SPANS_SEGMENTS). */
function patternOf(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped.replace(/\{[^}]+\}/g, template === SPANS_SEGMENTS ? '.+' : '[^/]+')}$`);
}

const operations: Operation[] = Object.entries(doc.paths as Json).flatMap(([template, item]) =>
  Object.entries(item as Json)
    .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
    .map(([method, op]) => ({
      id: op.operationId as string,
      method: method.toUpperCase(),
      template,
      pattern: patternOf(template),
      responses: op.responses,
    })),
);
// Literal segments win over parameters (`/api/users/list` before a `/api/users/{id}`).
const parameters = (o: Operation) => o.template.match(/\{/g)?.length ?? 0;
operations.sort((a, b) => parameters(a) - parameters(b));

export const OPERATION_IDS = operations.map((o) => o.id);

/** The documented operation a request reaches; HEAD is answered by the GET route. */
export function operationOf(method: string, path: string): Operation | undefined {
  const m = method === 'HEAD' ? 'GET' : method;
  return operations.find((o) => o.method === m && o.pattern.test(path));
}

const validators = new Map<string, ValidateFunction>();
function validatorFor(op: Operation, status: string): ValidateFunction {
  const ref = `${DOC_ID}#/${pointer('paths', op.template, op.method.toLowerCase(), 'responses', status, 'content', 'application/json', 'schema')}`;
  let v = validators.get(ref);
  if (!v) {
    v = ajv.compile({ $ref: ref });
    validators.set(ref, v);
  }
  return v;
}

export interface Checked {
  operationId: string;
  violation?: string;
}

/**
 * Checks one response of the Worker; undefined when the request reaches no documented operation (the
 * documents' own pages, an unknown path, a method the path does not have).
 */
export async function checkResponse(method: string, url: URL, res: Response): Promise<Checked | undefined> {
  const op = operationOf(method, url.pathname);
  if (!op) return undefined;
  const status = String(res.status);
  const where = `${method} ${url.pathname}${url.search} (${op.id}) answered ${status}`;
  const declared = op.responses[status];
  if (!declared)
    return { operationId: op.id, violation: `${where}: status not declared (declared: ${Object.keys(op.responses).join(', ')})` };
  const type = res.headers.get('content-type') ?? '';
  if (method === 'HEAD' || !/^application\/([\w.+-]+\+)?json/.test(type)) return { operationId: op.id };
  const text = await res.clone().text();
  if (text === '') return { operationId: op.id };
  if (!declared.content?.['application/json']?.schema)
    return { operationId: op.id, violation: `${where}: a JSON body where the document declares none` };
  const body = JSON.parse(text);
  const validate = validatorFor(op, status);
  if (validate(body)) return { operationId: op.id };
  return {
    operationId: op.id,
    violation: `${where}: ${ajv.errorsText(validate.errors, { separator: '; ' })}\n  body: ${text.slice(0, 500)}`,
  };
}
