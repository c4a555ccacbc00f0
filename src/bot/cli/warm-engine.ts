/**
 * Trains the NLU engine for the shipped knowledge base into the engine cache
 * (NLU_CACHE_DIR), run by `npm install` / `npm ci` (postinstall), so the
 * first `bot:classify` or hub start on a fresh clone reads the trained engine
 * instead of training it (≈ 1 s of CPU). Like a build step: a failure here is
 * reported and never fails the install (the engine then trains at first use).
 *
 *   node -r @swc-node/register src/bot/cli/warm-engine.ts
 */
import { performance } from 'node:perf_hooks';
import { buildDefaultEngine } from '../nlu/default-engine';

try {
  const t0 = performance.now();
  buildDefaultEngine();
  process.stdout.write(`NLU engine for the shipped knowledge base ready in the engine cache (${Math.round(performance.now() - t0)} ms)\n`);
} catch (err) {
  process.stderr.write(`NLU engine not pre-trained (it trains at first use): ${err instanceof Error ? err.message : String(err)}\n`);
}
