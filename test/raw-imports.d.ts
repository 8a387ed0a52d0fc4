// Vite's `?raw` imports (a file's text), used by tests that check config files.
declare module '*?raw' {
  const text: string;
  export default text;
}

// Vite's import.meta.glob, used by the OpenAPI freshness test to read every committed document and by
// test/domain/no-client-text.test.ts to read the domain's sources (`query: '?raw', import: 'default'`).
interface ImportMeta {
  glob<T = unknown>(pattern: string, options: { eager: true; query?: string; import?: string }): Record<string, T>;
}
