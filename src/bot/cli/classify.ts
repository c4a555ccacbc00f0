/**
 * Reads JSON lines `{"text": …}` on stdin and writes one JSON line per input:
 * `{"text", "label", "confidence"}`, where label is the topics.json id when the
 * bot would answer (a knowledge-base topic beyond topics.json is printed as its
 * parent), otherwise `fallback`.
 *
 *   node -r @swc-node/register src/bot/cli/classify.ts < messages.jsonl
 *
 * Start-up: the trained engine is read from the engine cache when the
 * knowledge base and resources are unchanged (NLU_CACHE_DIR; see
 * src/bot/nlu/engine-cache.ts), otherwise trained (≈ 1 s) and written there.
 */
import { createInterface } from 'node:readline';
import { buildDefaultEngine } from '../nlu/default-engine';

async function main(): Promise<void> {
  const engine = buildDefaultEngine();
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  const out: string[] = [];
  const flush = () => {
    if (out.length) process.stdout.write(out.join(''));
    out.length = 0;
  };
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    if (!line.trim()) continue;
    let text: string;
    try {
      const parsed = JSON.parse(line) as { text?: unknown };
      text = typeof parsed.text === 'string' ? parsed.text : '';
    } catch {
      process.stderr.write(`stdin:${lineNo}: not valid JSON, skipped\n`);
      continue;
    }
    const r = engine.classify(text);
    // topics.json ids only: a KB-only topic is printed as its parent.
    const label = r.decision === 'answer' ? engine.topicOf(r.label) : 'fallback';
    out.push(`${JSON.stringify({ text, label, confidence: r.confidence })}\n`);
    if (out.length >= 256) flush();
  }
  flush();
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
