interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
}

/**
 * Laravel stops at a wrong type: an array sent as `name` is "not a string", not also "too short" (zod
 * runs the length check on the array too). Only the issue codes tell a type failure apart, and the
 * envelope sees messages alone, so this happens here; the envelope keeps the text Chinese.
 */
export function typeErrorsAlone<T extends Issue>(issues: readonly T[]): T[] {
  const key = (i: Issue) => JSON.stringify(i.path.map(String));
  const mistyped = new Set(issues.filter((i) => i.code === 'invalid_type').map(key));
  return issues.filter((i) => !mistyped.has(key(i)) || i.code === 'invalid_type');
}
