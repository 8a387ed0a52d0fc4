// Writes the authorization table into README.md between the authz-matrix markers, from the `x-access`
// metadata of the committed OpenAPI documents (`npm run openapi` first). test/authz/readme.test.ts fails when it is stale.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderTable, withTable } from '../test/authz/table';

const dir = join(process.cwd(), 'openapi');
const docs = Object.fromEntries(
  readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'openapi.json')
    .map((f) => [f.replace(/\.json$/, ''), JSON.parse(readFileSync(join(dir, f), 'utf8'))]),
);
const readme = join(process.cwd(), 'README.md');
writeFileSync(readme, withTable(readFileSync(readme, 'utf8'), renderTable(docs)));
console.log('wrote the authorization table to README.md');
