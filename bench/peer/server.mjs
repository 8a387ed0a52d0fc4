#!/usr/bin/env node
// The load run's peer (bench/README.md, "Peer"): a conventional Node server, Fastify with SQLite in the
// same process (node:sqlite, built into Node 24: no native addon), serving /health and the learning
// API's materials list with the Worker's query and response shape on a copy of the seeded D1 database.
// It answers what an in-process server does with the same rows; it is not part of the product.
//
//   node bench/peer/server.mjs --persist-to DIR [--port N]     (the seed's state; JWT_SECRET in the environment)
import { createHmac, timingSafeEqual } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import Fastify from 'fastify';

const args = process.argv.slice(2);
const value = (name) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const dir = join(value('--persist-to') ?? '', 'v3', 'd1', 'miniflare-D1DatabaseObject');
const file = existsSync(dir) ? readdirSync(dir).find((f) => f.endsWith('.sqlite')) : null;
if (!file) throw new Error(`no seeded D1 database under ${dir} (run bench/seed.mjs first)`);
// A private copy (with its WAL): workerd may hold the original open, and nothing here must change it.
const tmp = mkdtempSync(join(os.tmpdir(), 'bench-peer-'));
for (const suffix of ['', '-wal'])
  if (existsSync(join(dir, file + suffix))) copyFileSync(join(dir, file + suffix), join(tmp, `db.sqlite${suffix}`));
const db = new DatabaseSync(join(tmp, 'db.sqlite'));
const secret = Buffer.from(process.env.JWT_SECRET ?? '', 'utf8');
if (secret.length < 32) throw new Error('JWT_SECRET (at least 32 bytes) must be set, as for the Worker');

// The Worker's listMaterials (src/domain/materials/materials.ts): the page's ids from the
// (status[, type], sort, id) index, then the uploader join and is_liked for those rows; the total from
// the stored per-type counts.
const SORTS = { created_at: 'created_at', view_count: 'view_count', like_count: 'like_count' };
const statements = new Map();
function pageStatement(sortBy, sortOrder, typed) {
  const key = `${sortBy} ${sortOrder} ${typed}`;
  if (!statements.has(key)) {
    const dir = sortOrder === 'asc' ? 'asc' : 'desc';
    const order = (t) => `${t}.${SORTS[sortBy]} ${dir}, ${t}.id ${dir}`;
    const where = `status = 'active'${typed ? ' and type = ?' : ''}`;
    statements.set(
      key,
      db.prepare(`select m.*, a.name as uploader_name, a.avatar_url as uploader_avatar,
        exists(select 1 from material_likes l where l.material_id = m.id and l.account_id = ?) as liked
        from materials m inner join accounts a on a.id = m.uploader_id
        where m.id in (select id from materials p where ${where} order by ${order('p')} limit ? offset ?)
        order by ${order('m')}`),
    );
  }
  return statements.get(key);
}
const totalAll = db.prepare('select coalesce(sum(active), 0) as n from material_type_counts');
const totalOfType = db.prepare('select coalesce(sum(active), 0) as n from material_type_counts where type = ?');

/** The access token's account id, or null (anonymous): HS256 signature and expiry, as the Worker checks them. */
function viewer(header) {
  const m = /^Bearer (.+)$/.exec(header ?? '');
  if (!m) return null;
  const [h, p, s] = m[1].split('.');
  if (!s) return null;
  const expected = createHmac('sha256', secret).update(`${h}.${p}`).digest();
  const got = Buffer.from(s, 'base64url');
  if (got.length !== expected.length || !timingSafeEqual(got, expected)) return null;
  const claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'));
  return claims.typ === 'access' && claims.exp * 1000 > Date.now() ? Number(claims.sub) : null;
}

const isoNaiveUtc = (ms) => new Date(ms).toISOString().slice(0, 19);
const onOrigin = (value, origin) =>
  value === null || !value.startsWith('/') || value.startsWith('//') ? value : new URL(value, origin).href;

const item = {
  type: 'object',
  properties: Object.fromEntries(
    [
      ['id', 'integer'],
      ['title', 'string'],
      ['description', ['string', 'null']],
      ['type', 'string'],
      ['file_path', 'string'],
      ['file_size', 'integer'],
      ['file_format', 'string'],
      ['thumbnail_path', ['string', 'null']],
      ['uploader_id', 'integer'],
      ['view_count', 'integer'],
      ['like_count', 'integer'],
      ['status', 'string'],
      ['created_at', 'string'],
      ['updated_at', 'string'],
      ['uploader_name', 'string'],
      ['uploader_avatar', ['string', 'null']],
      ['is_liked', 'boolean'],
    ].map(([k, type]) => [k, { type }]),
  ),
};

const app = Fastify({ logger: false });
app.get('/health', () => ({ status: 'healthy', version: 'peer', environment: 'bench' }));
app.get(
  '/api/v1/materials',
  {
    schema: {
      querystring: {
        type: 'object',
        properties: {
          page: { type: 'integer', minimum: 1, default: 1 },
          page_size: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
          sort_by: { enum: Object.keys(SORTS), default: 'created_at' },
          sort_order: { enum: ['asc', 'desc'], default: 'desc' },
          material_type: { type: 'string' },
        },
      },
      response: {
        200: {
          type: 'object',
          properties: {
            items: { type: 'array', items: item },
            total: { type: 'integer' },
            page: { type: 'integer' },
            page_size: { type: 'integer' },
            total_pages: { type: 'integer' },
          },
        },
      },
    },
  },
  async (req, reply) => {
    const q = req.query;
    const type = q.material_type || undefined;
    if (type && type !== 'video' && type !== 'pdf') return reply.code(400).send({ detail: 'Invalid material type: must be video or pdf' });
    const args = [viewer(req.headers.authorization) ?? 0, ...(type ? [type] : []), q.page_size, (q.page - 1) * q.page_size];
    const rows = pageStatement(q.sort_by, q.sort_order, !!type).all(...args);
    const total = Number((type ? totalOfType.get(type) : totalAll.get()).n);
    const origin = `http://${req.headers.host}`;
    const items = rows.map((m) => ({
      id: m.id,
      title: m.title,
      description: m.description,
      type: m.type,
      file_path: m.file_key ?? '',
      file_size: m.file_size,
      file_format: m.file_format,
      thumbnail_path: m.thumbnail_key,
      uploader_id: m.uploader_id,
      view_count: m.view_count,
      like_count: m.like_count,
      status: m.status,
      created_at: isoNaiveUtc(m.created_at),
      updated_at: isoNaiveUtc(m.updated_at),
      uploader_name: m.uploader_name,
      uploader_avatar: onOrigin(m.uploader_avatar, origin),
      is_liked: Boolean(m.liked),
    }));
    return { items, total, page: q.page, page_size: q.page_size, total_pages: Math.ceil(total / q.page_size) };
  },
);

const address = await app.listen({ host: '127.0.0.1', port: Number(value('--port') ?? 0) });
console.log(`Ready on ${address}`);
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => {
    app.close().finally(() => {
      db.close();
      rmSync(tmp, { recursive: true, force: true });
      process.exit(0);
    });
  });
