import { APIS } from '../apis';
import type { ApiModule } from '../http/api-module';

type OpenApiDocument = ReturnType<ApiModule['app']['getOpenAPI31Document']>;

// Relative, so "Try it out" calls whichever host served the document (local, preview or production).
const SERVER = { url: '/', description: 'The host serving this document' };
// package.json's `UNLICENSED`: the documents describe a private service and grant no licence.
const LICENSE = { name: 'Proprietary: no licence is granted' };

/** Every tag the operations use, in the order they first appear, declared at the top as OpenAPI asks. */
function tagsOf(paths: OpenApiDocument['paths']): { name: string }[] {
  const names = Object.values(paths ?? {}).flatMap((item) =>
    Object.values(item as Record<string, { tags?: string[] }>).flatMap((op) => op.tags ?? []),
  );
  return [...new Set(names)].map((name) => ({ name }));
}

export function apiDocument(api: ApiModule): OpenApiDocument {
  const doc = api.app.getOpenAPI31Document({
    openapi: '3.1.0',
    info: { title: api.title, version: '1.0.0', description: api.description, license: LICENSE },
    servers: [SERVER],
  });
  const { openapi, info, servers, ...rest } = doc;
  return { openapi, info, servers, tags: tagsOf(doc.paths), ...rest };
}

/**
 * One document with every API's paths and components. Two APIs claiming the same path and method,
 * or the same component name for different schemas, is an error here rather than a silent overwrite.
 */
export function combinedDocument(): OpenApiDocument {
  const combined = {
    openapi: '3.1.0',
    info: {
      title: 'Course platforms edge API',
      version: '1.0.0',
      description: 'All five course-platform APIs served by one Worker.',
      license: LICENSE,
    },
    servers: [SERVER],
    tags: [] as { name: string }[],
    paths: {} as Record<string, Record<string, unknown>>,
    components: {} as Record<string, Record<string, unknown>>,
  };
  for (const api of APIS) {
    const doc = apiDocument(api);
    for (const [path, item] of Object.entries(doc.paths ?? {})) {
      const target = (combined.paths[path] ??= {});
      for (const [method, op] of Object.entries(item as Record<string, unknown>)) {
        if (method in target) throw new Error(`${method.toUpperCase()} ${path} is declared by two APIs`);
        target[method] = op;
      }
    }
    for (const [section, entries] of Object.entries(doc.components ?? {})) {
      const target = (combined.components[section] ??= {});
      for (const [name, value] of Object.entries(entries as Record<string, unknown>)) {
        if (name in target && JSON.stringify(target[name]) !== JSON.stringify(value))
          throw new Error(`components.${section}.${name} differs between APIs`);
        target[name] = value;
      }
    }
  }
  combined.tags = tagsOf(combined.paths);
  return combined as OpenApiDocument;
}
