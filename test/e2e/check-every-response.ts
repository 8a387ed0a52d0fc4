// Set up before every e2e file: each fetch the file makes to a local Worker has its response checked against
// the OpenAPI document (response-contract.ts), and a violation fails the request that got it. The file's
// tally goes to the run's log, which global-setup.ts totals at the end.
import { appendFileSync } from 'node:fs';
import { afterAll, inject } from 'vitest';
import { checkResponse } from './response-contract';

const tally = { checked: 0, outside: 0, operations: [] as string[], violations: [] as string[] };
const fetchOnce = globalThis.fetch;

function requestOf(input: RequestInfo | URL, init?: RequestInit): { method: string; url: URL } {
  const method = (init?.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
  return { method, url: new URL(input instanceof Request ? input.url : String(input)) };
}

globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const res = await fetchOnce(input, init);
  const { method, url } = requestOf(input, init);
  // Every Worker the suites start listens on 127.0.0.1 (global-setup.ts); nothing else is checked.
  if (url.hostname !== '127.0.0.1') return res;
  const checked = await checkResponse(method, url, res);
  if (!checked) {
    tally.outside++;
    return res;
  }
  tally.checked++;
  tally.operations.push(checked.operationId);
  if (checked.violation) {
    tally.violations.push(checked.violation);
    throw new Error(`response does not match the OpenAPI document: ${checked.violation}`);
  }
  return res;
};

afterAll(() => {
  appendFileSync(inject('responseLog'), `${JSON.stringify({ ...tally, operations: [...new Set(tally.operations)] })}\n`);
});
