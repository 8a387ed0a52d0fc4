// Runs each docs/walkthroughs/<api>.md against the started Worker as a reader would: its sh blocks in
// order in one bash, with BASE set to the Worker. A block followed by "→ `NNN`" is a step: its curl
// command writes the body to a file and prints the status; "keep `.path` as `VAR`" sets VAR from the body.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const APIS = ['learning', 'progress', 'personal-center', 'campus', 'excourse'];

interface Step {
  command: string;
  status?: number;
  keep: [path: string, name: string][];
}

/** The sh blocks of a walkthrough; a block with a status after it is a step. */
function stepsOf(markdown: string): Step[] {
  const blocks = [...markdown.matchAll(/```sh\n([\s\S]*?)```\n(→ `(\d{3})`(.*))?/g)];
  return blocks.map(([, command, , status, rest]) => ({
    command: command!.trim(),
    status: status ? Number(status) : undefined,
    keep: [...(rest ?? '').matchAll(/`(\.[^`]+)` as `(\w+)`/g)].map(([, path, name]) => [path!, name!]),
  }));
}

/** One bash script: setup blocks as written, each step's curl with its body to a file and its status printed. */
function scriptOf(steps: Step[]): string {
  return steps
    .map((s, i) => {
      if (s.status === undefined) return s.command;
      const out = `"$WALK_DIR/${i}.json"`;
      return [`${s.command} -o ${out} -w '%{http_code}\\n'`, ...s.keep.map(([path, name]) => `${name}=$(jq -r '${path}' ${out})`)].join(
        '\n',
      );
    })
    .join('\n');
}

const run = promisify(execFile);

describe('docs/walkthroughs run against the local Worker', () => {
  for (const api of APIS) {
    it(api, async () => {
      const steps = stepsOf(readFileSync(join(ROOT, 'docs', 'walkthroughs', `${api}.md`), 'utf8'));
      const expected = steps.filter((s) => s.status !== undefined).map((s) => s.status);
      expect(expected.length).toBeGreaterThan(2);
      const dir = mkdtempSync(join(tmpdir(), 'walkthrough-'));
      try {
        const env = { ...process.env, BASE: inject('baseUrl'), WALK_DIR: dir };
        const { stdout, stderr } = await run('bash', ['-eu', '-c', scriptOf(steps)], { cwd: ROOT, env }).catch((e) => ({
          stdout: String(e.stdout),
          stderr: String(e.stderr),
        }));
        const bodies = readdirSync(dir)
          .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))
          .map((f) => `block ${f}: ${readFileSync(join(dir, f), 'utf8').slice(0, 300)}`);
        expect(stdout.trim().split('\n').map(Number), [stderr, ...bodies].join('\n')).toEqual(expected);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
