/**
 * npm run kb:export [-- --out DIR]
 *
 * Writes every published knowledge-base entry from the database as
 * knowledge-base/<id>.md (front matter + answer), and their pictures as
 * knowledge-base/media/<sha256>.<ext>, so the office can keep the console's
 * work in version control. Unpublished entries and drafts are not written;
 * files of entries no longer published are left for git to show.
 */
import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseBotConfig } from '../bot/bot.config';
import { loadConfig } from '../config/hub-config';
import { openDatabase } from '../database/data-source';
import { TransactionRunner } from '../database/transaction-runner';
import { ENTITIES } from '../entities';
import { exportPictures, type KbContent, toMarkdown } from '../knowledge';
import { KnowledgeRepository } from '../knowledge/knowledge.repository';

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const out = values.out ?? parseBotConfig(process.env).KB_DIR;
  const cfg = loadConfig();
  const ds = await openDatabase(cfg, ENTITIES);
  try {
    const contents = await new TransactionRunner(ds).read((m) => new KnowledgeRepository().publishedContents(m));
    mkdirSync(out, { recursive: true });
    const entries = contents.map((c) => JSON.parse(c) as KbContent);
    for (const entry of entries) writeFileSync(join(out, `${entry.id}.md`), toMarkdown(entry));
    const pictures = exportPictures(
      entries.flatMap((e) => e.media ?? []),
      cfg.dataDir,
      out,
    );
    console.log(`${contents.length} published entries written to ${out}, ${pictures.written} pictures to ${join(out, 'media')}`);
    if (pictures.missing.length) console.warn(`pictures missing from ${cfg.dataDir}/media/kb: ${pictures.missing.join(', ')}`);
    return 0;
  } finally {
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    console.error(err.message);
    process.exit(1);
  },
);
