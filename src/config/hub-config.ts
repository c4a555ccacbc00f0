import { isAbsolute, resolve } from 'node:path';
import { HubConfig, parseConfig } from './config.schema';

/** Injection token for the typed configuration. */
export const HUB_CONFIG = Symbol('HUB_CONFIG');

export interface ResolvedConfig extends HubConfig {
  dataDir: string;
  redisUrl: string;
  runsApi: boolean;
  runsWorkers: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ResolvedConfig {
  const c = parseConfig(env);
  const dataDir = isAbsolute(c.DATA_DIR) ? c.DATA_DIR : resolve(process.cwd(), c.DATA_DIR);
  return {
    ...c,
    // The embedded default (no DATABASE_URL) is the demo installation unless told otherwise.
    DEMO_MODE: env.DEMO_MODE === undefined || env.DEMO_MODE === '' ? !c.DATABASE_URL : c.DEMO_MODE,
    dataDir,
    redisUrl: c.REDIS_URL ?? `redis://127.0.0.1:${c.EMBEDDED_REDIS_PORT}`,
    runsApi: c.HUB_ROLE !== 'worker',
    runsWorkers: c.HUB_ROLE !== 'api',
  };
}
