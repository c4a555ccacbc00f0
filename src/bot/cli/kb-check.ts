/**
 * npm run kb:check
 *
 * Validates knowledge-base/ (KB_DIR) against the office config
 * (OFFICE_CONFIG) the way the hub does at start, builds the classifier, and
 * prints counts. Exit 1 with "file: problem" when anything is wrong.
 */
import { parseBotConfig } from '../bot.config';
import { buildKnowledge, countsOf } from '../knowledge.service';

try {
  const cfg = parseBotConfig();
  const started = Date.now();
  const k = buildKnowledge(cfg);
  const c = countsOf(k);
  const placeholders = [...k.values.values()].filter((v) => v.includes('[ISI OLEH KANTOR')).length;
  console.log(`knowledge base OK: ${cfg.KB_DIR}`);
  console.log(`  entries:            ${c.entries}`);
  console.log(`  questions:          ${c.questions}`);
  console.log(`  with English answer: ${c.withEnglish}`);
  console.log(`  classifier labels:  ${c.labels}`);
  console.log(`  office values still to fill in (${cfg.OFFICE_CONFIG}): ${placeholders}`);
  console.log(`  built in ${Date.now() - started} ms`);
} catch (err) {
  console.error(`knowledge base INVALID: ${(err as Error).message}`);
  process.exit(1);
}
