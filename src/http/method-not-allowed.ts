import { PatternRouter } from 'hono/router/pattern-router';

interface RouteLike {
  method: string;
  path: string;
}

const endsWithSlash = (p: string) => p.length > 1 && p.endsWith('/');

/**
 * Answers "which methods does this path accept?" from the app's registered routes, so that a
 * wrong method on a known path gets 405 with `Allow` instead of 404. Middleware (method ALL) is
 * not a route and is left out. Routing is strict about a trailing slash (excourse paths end in
 * one, the others do not), so a route only counts when both agree on it.
 */
export function methodIndex(routes: readonly RouteLike[]): (path: string) => string[] {
  const router = new PatternRouter<boolean>();
  const methods = new Set<string>();
  for (const r of routes) {
    if (r.method === 'ALL') continue;
    router.add(r.method, r.path, endsWithSlash(r.path));
    methods.add(r.method);
  }
  return (path) => {
    const slash = endsWithSlash(path);
    const allowed = [...methods].filter((m) => router.match(m, path)[0].some(([routeSlash]) => routeSlash === slash));
    if (allowed.includes('GET')) allowed.push('HEAD');
    return allowed;
  };
}
