import type { RouteHandler } from '@hono/zod-openapi';
import { listAudit, type AuditRecord } from '../../domain/audit/list';
import type { AppEnv } from '../../env';
import { isoNaiveUtc } from '../../platform/time-zone';
import type * as routes from './audit.routes';
import { learningPage } from './views';

const toEntry = (r: AuditRecord) => ({
  id: r.id,
  at: isoNaiveUtc(r.at),
  actor: { id: r.actorId, role: r.actorRole },
  action: r.action,
  target: r.targetType === null || r.targetId === null ? null : { type: r.targetType, id: r.targetId },
  detail: r.detail,
  request_id: r.requestId,
});

export const listAuditHandler: RouteHandler<typeof routes.listAudit, AppEnv> = async (c) => {
  const q = c.req.valid('query');
  const { rows, total } = await listAudit(c.var.deps, { actorId: q.actor, action: q.action, from: q.from, to: q.to }, q.page, q.page_size);
  return c.json(learningPage(rows.map(toEntry), total, q), 200);
};
