import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/**
 * The project root, found by walking up to package.json. Works both from
 * src/ (ts run directly) and from dist/src/ (compiled), so data files under
 * resources/ and knowledge-base/ never need copying into dist.
 */
function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && !dir.endsWith('dist')) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(start, '..');
    dir = parent;
  }
}

export const PROJECT_ROOT = findRoot(__dirname);

export function projectPath(...parts: string[]): string {
  return join(PROJECT_ROOT, ...parts);
}
