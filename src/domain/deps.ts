import type { AppConfig } from '../config';
import type { Db } from '../db/client';
import type { Clock } from '../platform/clock';
import type { Logger } from '../platform/logger';
import type { TokenStore } from '../platform/token-store';

/** Plain dependencies every domain function takes: no Hono context, so cron and tests call them directly. */
export interface Deps {
  db: Db;
  tokens: TokenStore;
  files: R2Bucket;
  clock: Clock;
  config: AppConfig;
  log: Logger;
  /** The HTTP request being served (absent in cron runs): recorded with audit entries. */
  requestId?: string;
}
