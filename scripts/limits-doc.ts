// Writes the throttle table and its "why these numbers" paragraph into docs/limits.md between the
// throttles markers, from THROTTLES (src/platform/rate-limit.ts) and wrangler.toml's namespace ids
// (`npm run limits-doc`). test/limits/limits-doc.test.ts fails when it is stale or when a throttle
// figure is written by hand elsewhere in the doc.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderThrottles, withThrottles } from '../test/limits/limits-doc';

const doc = join(process.cwd(), 'docs', 'limits.md');
const toml = readFileSync(join(process.cwd(), 'wrangler.toml'), 'utf8');
writeFileSync(doc, withThrottles(readFileSync(doc, 'utf8'), renderThrottles(toml)));
console.log('wrote the throttle table to docs/limits.md');
