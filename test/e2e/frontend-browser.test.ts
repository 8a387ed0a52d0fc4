// What a browser frontend on its own origin meets (issue 18): a page served by a local HTTP server at an
// allowed frontend origin (http://localhost:5173, the Vite dev server's, as the learning platform's own
// frontend runs) reads a material through the browser's own HTTP cache, and frames the material's files.
// A second server on another port is an origin that is not allowed.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium';
import { jsonClient } from './json-client';

const baseUrl = inject('baseUrl');
const { send } = jsonClient(baseUrl);
/** In wrangler.toml's development ALLOWED_ORIGINS (the Vite dev server's port). */
const FRONTEND_PORT = 5173;
const FRONTEND = `http://localhost:${FRONTEND_PORT}`;
let STRANGER = '';

let browser: Browser;
let material = 0;
/** The HTML each frontend server answers with, by origin. */
const pages = new Map<string, string>();
const servers: Server[] = [];

function serveFrontend(port: number, host: string): Promise<number> {
  const server = createServer((req, res) => {
    const origin = `http://${req.headers.host}`;
    res
      .writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' })
      .end(`<!doctype html><html><body>${pages.get(origin) ?? ''}</body></html>`);
  });
  servers.push(server);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
  });
}

beforeAll(async () => {
  const email = `e2e.browser.${Date.now().toString(36)}@example.com`;
  expect((await send('POST', '/api/v1/auth/register', { json: { email, password: 'browser-e2e-pass', name: 'Browser' } })).status).toBe(
    201,
  );
  const login = await send('POST', '/api/v1/auth/login', { json: { email, password: 'browser-e2e-pass' } });
  const form = new FormData();
  form.append('title', 'Framed notes');
  form.append(
    'file',
    new Blob([Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n', 'latin1')], { type: 'application/pdf' }),
    'notes.pdf',
  );
  const res = await fetch(`${baseUrl}/api/v1/upload`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${login.body.access_token}` },
    body: form,
  });
  expect(res.status).toBe(201);
  material = ((await res.json()) as { id: number }).id;
  await serveFrontend(FRONTEND_PORT, 'localhost');
  STRANGER = `http://127.0.0.1:${await serveFrontend(0, '127.0.0.1')}`;
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  for (const s of servers) s.close();
});

/** A page at `origin` whose HTML is `body`. */
async function pageAt(origin: string, body: string): Promise<Page> {
  pages.set(origin, body);
  const page = await browser.newPage();
  await page.goto(`${origin}/`);
  return page;
}

describe('a frontend in Chromium', () => {
  it('sees the view counter go up on every read through the browser cache (no frozen count from a 304)', async () => {
    const page = await pageAt(FRONTEND, '<h1>material</h1>');
    try {
      const counts = await page.evaluate(async (url) => {
        const seen: number[] = [];
        for (let i = 0; i < 4; i++) {
          const res = await fetch(url); // default cache mode: the browser revalidates its cached copy
          seen.push(((await res.json()) as { view_count: number }).view_count);
        }
        return seen;
      }, `${baseUrl}/api/v1/materials/${material}`);
      expect(counts).toEqual([counts[0]!, counts[0]! + 1, counts[0]! + 2, counts[0]! + 3]);
    } finally {
      await page.close();
    }
  });

  /** The URL each iframe ended on: a blocked frame shows Chrome's error page. */
  async function framedUrls(origin: string, paths: string[]): Promise<string[]> {
    const page = await pageAt(origin, paths.map((p) => `<iframe src="${baseUrl}${p}"></iframe>`).join(''));
    try {
      await page.waitForLoadState('load');
      // A refused frame is committed to Chrome's error page a moment after the parent's load event.
      const settled = () =>
        page
          .mainFrame()
          .childFrames()
          .map((f) => f.url());
      for (let i = 0; i < 50 && settled().some((u) => !u.startsWith('chrome-error:') && !u.startsWith(baseUrl)); i++)
        await page.waitForTimeout(100);
      return settled();
    } finally {
      await page.close();
    }
  }

  const FILES = () => [`/api/v1/materials/${material}/file`, `/api/v1/materials/${material}/thumbnail`];

  it('frames the material file and thumbnail on an allowed frontend origin', async () => {
    const urls = await framedUrls(FRONTEND, FILES());
    expect(urls).toEqual(FILES().map((p) => `${baseUrl}${p}`));
  });

  it('refuses to be framed by an origin that is not allowed, and JSON is never framed by another origin', async () => {
    const urls = await framedUrls(STRANGER, [...FILES(), `/api/v1/materials/${material}`]);
    for (const url of urls) expect(url).toMatch(/^chrome-error:/);
    const json = await framedUrls(FRONTEND, [`/api/v1/materials/${material}`]);
    expect(json[0]).toMatch(/^chrome-error:/);
  });
});
