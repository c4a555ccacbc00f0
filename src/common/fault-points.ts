import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Crash-safety tests need a process to die at an exact point of the
 * pipeline. When HUB_FAULT_POINT names this point, the process kills itself
 * with SIGKILL the first time it gets here (a marker in DATA_DIR keeps the
 * restarted process alive). Unset in production: a string compare, no more.
 */
export function faultPoint(name: string, dataDir: string): void {
  if (process.env.HUB_FAULT_POINT !== name) return;
  const marker = join(dataDir, `fault-${name}.done`);
  if (existsSync(marker)) return;
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(marker, String(process.pid));
  process.kill(process.pid, 'SIGKILL');
}
