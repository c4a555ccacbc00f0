/**
 * The fixed environment scripts/openapi.ts builds the OpenAPI document in, set before any
 * module of the hub is loaded: the document must not depend on the machine that builds it.
 * Nothing connects anywhere (Nest preview mode), the addresses are only there to satisfy the
 * configuration schema.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const keep = ['PATH', 'HOME', 'NODE_OPTIONS', 'TMPDIR'];
const env: NodeJS.ProcessEnv = {};
for (const k of keep) if (process.env[k] !== undefined) env[k] = process.env[k];
process.env = {
  ...env,
  NODE_ENV: 'development',
  DATA_DIR: mkdtempSync(join(tmpdir(), 'openapi-')),
  LOG_LEVEL: 'silent',
  HUB_ROLE: 'all',
  REDIS_URL: 'redis://127.0.0.1:1',
  JWT_SECRET: 'openapi-document-only-not-a-secret-0123456789',
};
