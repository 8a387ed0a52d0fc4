// The OpenAPI documents and the /docs page (Swagger UI served from this Worker, no CDN), checked
// over HTTP and then rendered in Debian's chromium through playwright-core.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { launchChromium } from './chromium';

const baseUrl = inject('baseUrl');
const ROOT = join(import.meta.dirname, '..', '..');
const LEARNING_PATHS = [
  '/health',
  '/api/v1/health/db',
  '/api/v1/auth/register',
  '/api/v1/auth/login',
  '/api/v1/auth/me',
  '/api/v1/auth/refresh',
  '/api/v1/auth/logout',
];
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);

async function getJson(path: string): Promise<any> {
  const res = await fetch(baseUrl + path);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return res.json();
}

/** Every `$ref` in the document, for checking that each one resolves. */
function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) refs(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

function resolvePointer(doc: any, ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((node, key) => (node == null ? undefined : node[key]), doc);
}

function expectOpenApi31(doc: any) {
  expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
  for (const path of LEARNING_PATHS) expect(Object.keys(doc.paths), path).toContain(path);
  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    expect(path.startsWith('/'), path).toBe(true);
    for (const [method, op] of Object.entries(item).filter(([m]) => HTTP_METHODS.has(m))) {
      expect(op.operationId, `${method} ${path}`).toEqual(expect.any(String));
      expect(operationIds.has(op.operationId), `duplicate operationId ${op.operationId}`).toBe(false);
      operationIds.add(op.operationId);
      expect(Object.keys(op.responses ?? {}).length, `${method} ${path} responses`).toBeGreaterThan(0);
    }
  }
  for (const ref of refs(doc)) expect(resolvePointer(doc, ref), `unresolved $ref ${ref}`).toBeDefined();
}

describe('OpenAPI documents', () => {
  it('/openapi/learning.json is OpenAPI 3.1 with the learning paths', async () => {
    const doc = await getJson('/openapi/learning.json');
    expectOpenApi31(doc);
    expect(doc.paths['/api/v1/auth/login'].post).toBeDefined();
    expect(doc.paths['/api/v1/auth/register'].post).toBeDefined();
    expect(doc.paths['/api/v1/auth/me'].get.security).toEqual([{ bearerAuth: [] }]);
  });

  it('/openapi.json (all APIs combined) is OpenAPI 3.1 and includes the learning paths', async () => {
    expectOpenApi31(await getJson('/openapi.json'));
  });
});

describe('/docs over HTTP', () => {
  it('is HTML that loads scripts and styles only from this origin', async () => {
    const res = await fetch(`${baseUrl}/docs`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    const urls = [...html.matchAll(/\b(?:src|href)\s*=\s*["']([^"']+)["']/gi)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThan(0);
    for (const url of urls) expect(new URL(url, baseUrl).origin, url).toBe(new URL(baseUrl).origin);
    expect(html).not.toMatch(/(?:src|href)\s*=\s*["'](?:https?:)?\/\//i);
  });

  it.each([
    ['swagger-ui-bundle.js', /javascript/],
    ['swagger-ui-standalone-preset.js', /javascript/],
    ['swagger-ui.css', /^text\/css/],
  ])('serves the vendored /docs/vendor/%s', async (file, type) => {
    const res = await fetch(`${baseUrl}/docs/vendor/${file}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(type);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(1000);
  });
});

describe('/docs in a browser', () => {
  it('renders the learning operations with no foreign requests and no console errors', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
      const requested: string[] = [];
      const problems: string[] = [];
      page.on('request', (req) => requested.push(req.url()));
      page.on('console', (msg) => {
        if (msg.type() === 'error') problems.push(`console: ${msg.text()} (${msg.location().url})`);
      });
      page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
      page.on('response', (r) => {
        if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
      });
      page.on('requestfailed', (req) => problems.push(`request failed: ${req.url()} ${req.failure()?.errorText}`));

      const res = await page.goto(`${baseUrl}/docs`);
      expect(res?.status()).toBe(200);
      for (const path of ['/api/v1/auth/login', '/api/v1/auth/register']) {
        await page.locator(`.opblock-summary-path[data-path="${path}"]`).first().waitFor({ state: 'visible', timeout: 15_000 });
      }
      await page.waitForLoadState('networkidle');
      await expect(page.locator('.opblock').count()).resolves.toBeGreaterThanOrEqual(LEARNING_PATHS.length);

      mkdirSync(join(ROOT, 'test-results'), { recursive: true });
      await page.screenshot({ path: join(ROOT, 'test-results', 'docs.png'), fullPage: true });

      const host = new URL(baseUrl).host;
      const foreign = requested.filter((u) => !u.startsWith('data:') && new URL(u).host !== host);
      expect(foreign).toEqual([]);
      expect(requested).toContain(`${baseUrl}/openapi/learning.json`);
      expect(problems).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('"Try it out" calls the serving host and shows the live response', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 1400 } });
      await page.goto(`${baseUrl}/docs`);
      const health = page.locator('.opblock-summary-path[data-path="/health"]').first();
      await health.waitFor({ state: 'visible', timeout: 15_000 });
      await health.click();
      await page.locator('.try-out__btn').first().click();
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.url() === `${baseUrl}/health`, { timeout: 15_000 }),
        page.locator('.btn.execute').first().click(),
      ]);
      expect(response.status()).toBe(200);
      await expect(page.locator('.live-responses-table tbody .response-col_status').first().textContent()).resolves.toContain('200');
    } finally {
      await browser.close();
    }
  });
});
