// Writes one generated section of bench/RESULTS.md (load run, bundle) between its own markers,
// below the upload benchmark's notes line, so `npm run bench` (which rewrites the top) keeps it.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** Replaces (or appends) the text between <!-- <name>:begin --> and <!-- <name>:end --> in a file. */
export function writeSection(path, name, text) {
  const begin = `<!-- ${name}:begin (written by bench/${name}.mjs; kept when upload-memory.mjs rewrites the top of this file) -->`;
  const end = `<!-- ${name}:end -->`;
  const block = `${begin}\n${text.trim()}\n${end}`;
  const old = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const re = new RegExp(`<!-- ${name}:begin[^>]*-->[\\s\\S]*?<!-- ${name}:end -->`);
  let next;
  if (re.test(old)) next = old.replace(re, () => block);
  else if (old.includes('<!-- notes below this line')) next = `${old.trimEnd()}\n\n${block}\n`;
  else next = `${old.trimEnd()}\n\n<!-- notes below this line are kept when the benchmark rewrites this file -->\n\n${block}\n`;
  writeFileSync(path, next);
}
