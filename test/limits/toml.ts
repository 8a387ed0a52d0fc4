/**
 * A small reader for the TOML wrangler.toml uses: [table] and [[array]] headers, `key = value` lines with
 * strings, numbers, booleans, arrays of strings and one-line inline tables. Anything else throws, so a
 * construct it cannot read fails the test that reads it instead of being skipped. (Pure: no node:fs.)
 */
export type Value = string | number | boolean | Value[] | { [k: string]: Value };
export type Table = Record<string, Value>;

export interface TomlConfig {
  /** `[name]` tables by dotted name; '' is the top level. */
  tables: Map<string, Table>;
  /** `[[name]]` arrays of tables by dotted name. */
  arrays: Map<string, Table[]>;
}

export function readToml(text: string): TomlConfig {
  const tables = new Map<string, Table>([['', {}]]);
  const arrays = new Map<string, Table[]>();
  let current = tables.get('')!;
  for (const [n, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const array = /^\[\[([\w.]+)\]\]$/.exec(line);
    const table = /^\[([\w.]+)\]$/.exec(line);
    if (array) {
      current = {};
      arrays.set(array[1]!, [...(arrays.get(array[1]!) ?? []), current]);
    } else if (table) {
      current = {};
      tables.set(table[1]!, current);
    } else {
      const kv = /^(\w+)\s*=\s*(.+?)\s*$/.exec(line);
      if (!kv) throw new Error(`wrangler.toml line ${n + 1} unreadable: ${raw}`);
      // Inline tables { a = 1 } become JSON { "a": 1 }; strings, numbers, arrays already are.
      const json = kv[2]!.replace(/([{,]\s*)(\w+)\s*=/g, '$1"$2":');
      try {
        current[kv[1]!] = JSON.parse(json) as Value;
      } catch {
        throw new Error(`wrangler.toml line ${n + 1}: value not understood: ${raw}`);
      }
    }
  }
  return { tables, arrays };
}
