import { isAbsolute, resolve } from 'node:path';
import { HubConfig, parseConfig } from './config.schema';

/** Injection token for the typed configuration. */
export const HUB_CONFIG = Symbol('HUB_CONFIG');

export interface ResolvedConfig extends HubConfig {
  /** DEMO_MODE=true was set explicitly (not just the development default). */
  demoExplicit: boolean;
  dataDir: string;
  redisUrl: string;
  runsApi: boolean;
  runsWorkers: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ResolvedConfig {
  const c = parseConfig(env);
  const demoUnset = env.DEMO_MODE === undefined || env.DEMO_MODE === '';
  const dataDir = isAbsolute(c.DATA_DIR) ? c.DATA_DIR : resolve(process.cwd(), c.DATA_DIR);
  return {
    ...c,
    // The embedded development default (no DATABASE_URL, not production) is the demo installation
    // unless told otherwise; production runs demo data only when DEMO_MODE=true is set explicitly.
    DEMO_MODE: demoUnset ? !c.DATABASE_URL && c.NODE_ENV !== 'production' : c.DEMO_MODE,
    demoExplicit: !demoUnset && c.DEMO_MODE,
    dataDir,
    redisUrl: c.REDIS_URL ?? `redis://127.0.0.1:${c.EMBEDDED_REDIS_PORT}`,
    runsApi: c.HUB_ROLE !== 'worker',
    runsWorkers: c.HUB_ROLE !== 'api',
  };
}
