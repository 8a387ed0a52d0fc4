// Starts the Worker the way the README does (`npm start` = node scripts/start.mjs) on a free port
// with its local D1/R2/KV state in a fresh temp folder, waits for GET /health, and hands the base
// URL to the tests via provide/inject. Teardown kills the whole process group (node, wrangler,
// workerd) and removes the temp folder. `startWorker` starts another one (a test with other vars).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { PBKDF2_MIN_CONFIGURED_ITERATIONS } from '../../src/platform/passwords';
import { OPERATION_IDS } from './response-contract';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    smsTestCode: string;
    /** The shared server's local D1/R2/KV folder (`wrangler d1 execute --local --persist-to` reads its D1). */
    persistTo: string;
    /** Where each e2e file appends the tally of responses checked against the document (check-every-response.ts). */
    responseLog: string;
  }
}

const ROOT = join(import.meta.dirname, '..', '..');
const READY_TIMEOUT_MS = 90_000;
const MAX_OUTPUT_CHARS = 200_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port ? resolve(port) : reject(new Error('could not pick a free port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function exited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Signals every process in the child's group; ESRCH (group already gone) is fine. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals | 0): boolean {
  if (!child.pid) return false;
  try {
    process.kill(-child.pid, signal);
    return true;
  } catch {
    return false;
  }
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (!signalGroup(child, 'SIGTERM')) return;
  for (let waited = 0; waited < 10_000; waited += 100) {
    if (!signalGroup(child, 0)) return; // signal 0: does the group still exist?
    await sleep(100);
  }
  signalGroup(child, 'SIGKILL');
}

const SMS_TEST_CODE = '246810';

export interface RunningWorker {
  baseUrl: string;
  persistTo: string;
  stop(): Promise<void>;
}

/**
 * `npm start` (node scripts/start.mjs) on a free port with its own local D1/R2/KV state in a fresh temp
 * folder, extra arguments passed to wrangler dev; resolves once GET /health answers 200. `stop` kills
 * the whole process group (node, wrangler, workerd) and removes the temp folder.
 */
export async function startWorker(extraArgs: string[] = []): Promise<RunningWorker> {
  const port = await freePort();
  const persistTo = mkdtempSync(join(tmpdir(), 'course-edge-e2e-'));
  const baseUrl = `http://127.0.0.1:${port}`;

  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-MAX_OUTPUT_CHARS);
  };
  const child = spawn(process.execPath, ['scripts/start.mjs', '--port', String(port), '--ip', '127.0.0.1', ...extraArgs], {
    cwd: ROOT,
    detached: true, // own process group, so teardown reaches wrangler and workerd too
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PERSIST_TO: persistTo, WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);

  // Last resort if vitest itself is interrupted: never leave workerd running.
  const onExit = () => signalGroup(child, 'SIGKILL');
  process.once('exit', onExit);

  const cleanup = async () => {
    await stopGroup(child);
    process.removeListener('exit', onExit);
    rmSync(persistTo, { recursive: true, force: true });
  };

  const fail = async (why: string): Promise<never> => {
    await cleanup();
    throw new Error(`${why}\n--- output of node scripts/start.mjs --port ${port} ---\n${output}`);
  };

  const deadline = Date.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (exited(child)) await fail(`npm start exited early (code ${child.exitCode}, signal ${child.signalCode})`);
    if (Date.now() > deadline) await fail(`GET ${baseUrl}/health did not answer 200 within ${READY_TIMEOUT_MS / 1000} s`);
    try {
      const res = await fetch(`${baseUrl}/health`, { signal: AbortSignal.timeout(3_000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await sleep(300);
  }
  return { baseUrl, persistTo, stop: cleanup };
}

export default async function setup(project: TestProject) {
  // A fixed SMS code (honoured only with SMS_PROVIDER=log outside production) so tests can register
  // excourse teachers as a user who reads the SMS would. RATE_LIMITS off: the contract tests sign up
  // and sign in many accounts from 127.0.0.1 within a minute, as a load test does; the lockout, the SMS
  // resend interval and the size caps stay on. test/e2e/rate-limits.test.ts starts its own server with
  // the throttles on, as `npm start` runs by default. PASSWORD_HASH_ITERATIONS: the cheapest password hashing
  // a non-production Worker accepts, as in the in-workerd tests (vitest.config.ts; docs/testing.md).
  const worker = await startWorker([
    '--var',
    `SMS_TEST_CODE:${SMS_TEST_CODE}`,
    '--var',
    'RATE_LIMITS:off',
    '--var',
    `PASSWORD_HASH_ITERATIONS:${PBKDF2_MIN_CONFIGURED_ITERATIONS}`,
  ]);
  project.provide('baseUrl', worker.baseUrl);
  project.provide('smsTestCode', SMS_TEST_CODE);
  project.provide('persistTo', worker.persistTo);
  const logDir = mkdtempSync(join(tmpdir(), 'course-edge-responses-'));
  project.provide('responseLog', join(logDir, 'tally.jsonl'));
  return async () => {
    await worker.stop();
    const summary = responseSummary(join(logDir, 'tally.jsonl'));
    rmSync(logDir, { recursive: true, force: true });
    console.log(summary.text);
    if (summary.violations) throw new Error(summary.text);
  };
}

/** The files' tallies added up: responses checked, operations they reached, violations. */
function responseSummary(log: string): { text: string; violations: number } {
  const files = existsSync(log)
    ? readFileSync(log, 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];
  const checked = files.reduce((n, f) => n + f.checked, 0);
  const outside = files.reduce((n, f) => n + f.outside, 0);
  const operations = new Set(files.flatMap((f) => f.operations));
  const unreached = OPERATION_IDS.filter((id) => !operations.has(id));
  const violations: string[] = files.flatMap((f) => f.violations);
  const text =
    `e2e responses checked against openapi/openapi.json: ${checked} from ${files.length} files, covering ${operations.size} of ` +
    `${OPERATION_IDS.length} operations (not reached: ${unreached.join(', ') || 'none'}); ${violations.length} undeclared statuses ` +
    `or schema violations; ${outside} responses outside the documented operations` +
    violations.map((v) => `\n  ${v}`).join('');
  return { text, violations: violations.length };
}
