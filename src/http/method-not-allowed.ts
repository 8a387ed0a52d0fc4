import { PatternRouter } from 'hono/router/pattern-router';

interface RouteLike {
  method: string;
  path: string;
}

/**
 * Answers "which methods does this path accept?" from the app's registered routes, so that a
 * wrong method on a known path gets 405 with `Allow` instead of 404. Middleware (method ALL) is
 * not a route and is left out.
 */
export function methodIndex(routes: readonly RouteLike[]): (path: string) => string[] {
  const router = new PatternRouter<string>();
  const methods = new Set<string>();
  for (const r of routes) {
    if (r.method === 'ALL') continue;
    router.add(r.method, r.path, r.method);
    methods.add(r.method);
  }
  return (path) => {
    const allowed = [...methods].filter((m) => router.match(m, path)[0].length > 0);
    if (allowed.includes('GET')) allowed.push('HEAD');
    return allowed;
  };
}
