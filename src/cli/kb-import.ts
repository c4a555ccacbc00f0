/**
 * npm run kb:import [-- --dir DIR] [--publish] [--replace-drafts] [--note TEXT]
 *
 * Reads the knowledge-base Markdown files again after the first start (which
 * imports them once) and adds them to the entries in the database: each
 * changed or new file becomes a draft for review in the console, or with
 * --publish a new published version, announced to the running processes.
 * Versions are only added, never replaced, so the history and rollback stay.
 * An entry with an officer's pending draft keeps it unless --replace-drafts.
 * Every file is checked first (the file loader's rules, then the related
 * entries and office values in the database); one bad file changes nothing.
 * Pictures in DIR/media/ (named by their SHA-256) are copied into the store.
 */
import 'reflect-metadata';
import { BadRequestException } from '@nestjs/common';
import { parseArgs } from 'node:util';
import { AuditRepository } from '../audit/audit.repository';
import { AuditService } from '../audit/audit.service';
import { parseBotConfig } from '../bot/bot.config';
import { loadConfig } from '../config/hub-config';
import { openDatabase } from '../database/data-source';
import { TransactionRunner } from '../database/transaction-runner';
import { ENTITIES } from '../entities';
import { copyFilePictures, KnowledgeStore, loadKnowledgeBase } from '../knowledge';
import { KnowledgeRepository } from '../knowledge/knowledge.repository';
import { KnowledgeAnnouncer, KnowledgeEditorService } from '../knowledge-editor';
import { RedisConnections } from '../redis/redis-connections';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      dir: { type: 'string' },
      publish: { type: 'boolean', default: false },
      'replace-drafts': { type: 'boolean', default: false },
      note: { type: 'string' },
    },
  });
  const bot = parseBotConfig(process.env);
  const dir = values.dir ?? bot.KB_DIR;
  // The loader's own checks (front matter, duplicates, ids matching file names) before the database is touched.
  const files = loadKnowledgeBase(dir, bot.OFFICE_CONFIG).map(({ file: _file, ...content }) => content);
  const cfg = loadConfig();
  // Pictures first (checked against their names, stored by content hash): the entries' validation looks for them in the store.
  const pictures = copyFilePictures(dir, cfg.dataDir);
  if (pictures.copied) console.log(`${pictures.copied} pictures copied from ${dir}/media into ${cfg.dataDir}/media/kb`);
  const ds = await openDatabase(cfg, ENTITIES);
  const redis = new RedisConnections(cfg);
  try {
    const tx = new TransactionRunner(ds);
    // Without a reachable Redis (no hub running) the publication still stands: processes load it when they start.
    const real = new KnowledgeAnnouncer(redis);
    const announcer = Object.assign(Object.create(real) as KnowledgeAnnouncer, {
      announce: () =>
        real
          .announce()
          .catch((err: Error) => console.warn(`published, but the running processes were not told (Redis: ${err.message}); they load it at their next start`)),
    });
    const repo = new KnowledgeRepository();
    const editor = new KnowledgeEditorService(tx, repo, new KnowledgeStore(cfg, tx, repo), new AuditService(tx, new AuditRepository()), announcer);
    const result = await editor.importFiles(files, {
      publish: values.publish,
      replaceDrafts: values['replace-drafts'],
      note: values.note ?? `impor ${dir}`,
    });
    const count = (o: string) => result.filter((r) => r.outcome === o).length;
    for (const r of result) if (r.outcome !== 'unchanged') console.log(`${r.id}: ${r.outcome}${r.version ? ` (versi ${r.version})` : ''}`);
    console.log(
      `${files.length} files from ${dir}: ${count('created')} new drafts, ${count('drafted')} drafts, ${count('published')} published, ` +
        `${count('unchanged')} unchanged, ${count('kept-draft')} kept an officer's draft (use --replace-drafts)`,
    );
    return 0;
  } finally {
    await redis.onApplicationShutdown();
    await ds.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (err: Error) => {
    const body = err instanceof BadRequestException ? (err.getResponse() as { issues?: Array<{ path: string; message: string }> }) : undefined;
    const issues = body?.issues;
    console.error(issues ? issues.map((i) => `${i.path}: ${i.message}`).join('\n') : err.message);
    process.exit(1);
  },
);
