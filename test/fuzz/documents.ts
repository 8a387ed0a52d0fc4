// The committed OpenAPI documents, flattened into one list of operations to fuzz.
export type Schema = Record<string, any>;
export type Doc = { components?: { schemas?: Record<string, Schema> }; paths: Record<string, Record<string, any>> };

export interface Operation {
  api: string;
  doc: Doc;
  method: string;
  path: string;
  id: string;
  params: { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: Schema }[];
  /** The JSON request body schema; undefined when there is none or it is multipart/octet-stream. */
  jsonBody?: { schema: Schema; required: boolean };
  /** A body the fuzzer does not generate (multipart, octet-stream): params and auth are still fuzzed. */
  binaryBody: boolean;
  protected: boolean;
  responses: Record<
    string,
    { content?: Record<string, { schema?: Schema }>; headers?: Record<string, { required?: boolean; schema?: Schema }> }
  >;
}

const files = import.meta.glob<{ default: Doc }>('../../openapi/*.json', { eager: true });

export const documents: Record<string, Doc> = Object.fromEntries(
  Object.entries(files)
    .map(
      ([p, mod]) =>
        [
          p
            .split('/')
            .pop()!
            .replace(/\.json$/, ''),
          mod.default,
        ] as const,
    )
    .filter(([name]) => name !== 'openapi'), // the combined document repeats the others
);

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

export function operations(): Operation[] {
  const out: Operation[] = [];
  for (const [api, doc] of Object.entries(documents)) {
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const content = op.requestBody?.content ?? {};
        const json = content['application/json'];
        const security: Record<string, string[]>[] | undefined = op.security;
        out.push({
          api,
          doc,
          method: method.toUpperCase(),
          path,
          id: op.operationId,
          params: [...(item.parameters ?? []), ...(op.parameters ?? [])].filter((p: any) => p.in !== 'cookie'),
          jsonBody: json?.schema ? { schema: json.schema, required: op.requestBody.required ?? false } : undefined,
          binaryBody: Object.keys(content).some((c) => c !== 'application/json'),
          // `[{bearerAuth: []}, {}]` means the token is optional.
          protected: !!security?.length && !security.some((s) => Object.keys(s).length === 0),
          responses: op.responses,
        });
      }
    }
  }
  return out;
}

export function resolve(doc: Doc, schema: Schema): Schema {
  let s = schema;
  for (let i = 0; s?.$ref && i < 20; i++) s = doc.components!.schemas![s.$ref.replace('#/components/schemas/', '')]!;
  return s;
}
