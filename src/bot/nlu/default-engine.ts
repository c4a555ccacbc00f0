import { readFileSync } from 'node:fs';
import { loadKnowledgeBase } from '../../knowledge/kb.loader';
import { projectPath } from '../../common/paths';
import { buildCachedEngine } from './engine-cache';
import type { NluBuildOptions, NluEngine } from './nlu-engine';

export const DEFAULT_KB_DIR = projectPath('knowledge-base');
export const DEFAULT_OFFICE_CONFIG = projectPath('config', 'office.yaml');
/** The labels the bot reports (the shared topics.json): other KB topics map to a parent among them. */
export const DEFAULT_TOPICS_FILE = projectPath('resources', 'nlu', 'topics.json');

/** Intent and FAQ ids of a topics.json file. */
export function loadTopicIds(file = DEFAULT_TOPICS_FILE): string[] {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as { intents?: Array<{ id: string }>; faq?: Array<{ id: string }> };
  return [...(doc.intents ?? []), ...(doc.faq ?? [])].map((t) => t.id);
}

/**
 * Builds the engine from the project's knowledge base and resources, the way
 * the CLIs do. KB_DIR / OFFICE_CONFIG env vars point elsewhere. The trained
 * state is cached on disk by content hash (engine-cache.ts; NLU_CACHE_DIR,
 * '' for none), so a second run with the same content skips training.
 */
export function buildDefaultEngine(extra: Partial<NluBuildOptions> = {}): NluEngine {
  const kbEntries = loadKnowledgeBase(process.env.KB_DIR ?? DEFAULT_KB_DIR, process.env.OFFICE_CONFIG ?? DEFAULT_OFFICE_CONFIG);
  return buildCachedEngine({ kbEntries, reportedLabels: loadTopicIds(), ...extra }).engine;
}
