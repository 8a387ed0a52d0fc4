import { defineConfig } from 'drizzle-kit';

// Migrations are generated into migrations/ (wrangler's migrations_dir); tests apply the same files.
export default defineConfig({
  dialect: 'sqlite',
  schema: './src/db/schema/index.ts',
  out: './migrations',
});
