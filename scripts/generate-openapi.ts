// Writes the generated OpenAPI documents to openapi/ (committed; a test fails when they are stale).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APIS } from '../src/apis';
import { apiDocument, combinedDocument } from '../src/openapi/documents';

const dir = join(process.cwd(), 'openapi');
mkdirSync(dir, { recursive: true });
const write = (name: string, doc: unknown) => writeFileSync(join(dir, name), `${JSON.stringify(doc, null, 2)}\n`);
for (const api of APIS) write(`${api.name}.json`, apiDocument(api));
write('openapi.json', combinedDocument());
console.log(`wrote ${APIS.length + 1} documents to openapi/`);
