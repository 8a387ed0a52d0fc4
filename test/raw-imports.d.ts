// Vite's `?raw` imports (a file's text), used by tests that check config files.
declare module '*?raw' {
  const text: string;
  export default text;
}

// Vite's import.meta.glob, used by the OpenAPI freshness test to read every committed document.
interface ImportMeta {
  glob<T = unknown>(pattern: string, options: { eager: true }): Record<string, T>;
}
