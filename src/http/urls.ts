/**
 * A path this Worker serves (`/api/user/avatars/…`) as an absolute URL on the request's origin; other
 * values (absolute URLs a user gave, null) unchanged. For documents whose examples show absolute URLs:
 * a frontend on another origin would otherwise load the path from its own.
 */
export function onOrigin(value: string | null, requestUrl: string): string | null {
  if (value === null || !value.startsWith('/') || value.startsWith('//')) return value;
  return new URL(value, requestUrl).href;
}
