// Copies Swagger UI's browser files from the swagger-ui-dist package into public/docs/vendor, where
// Workers static assets serve them for /docs (no CDN). Runs on install, start and test.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
let source;
try {
  source = dirname(require.resolve('swagger-ui-dist/package.json'));
} catch {
  console.warn('swagger-ui-dist is not installed yet; /docs assets not copied');
  process.exit(0);
}
const target = join(root, 'public', 'docs', 'vendor');
mkdirSync(target, { recursive: true });
for (const file of ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png']) {
  copyFileSync(join(source, file), join(target, file));
}
if (!existsSync(join(target, 'swagger-ui-bundle.js'))) process.exit(1);
