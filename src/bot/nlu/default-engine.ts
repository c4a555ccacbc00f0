import { loadKnowledgeBase } from '../../knowledge/kb.loader';
import { projectPath } from '../../common/paths';
import { NluEngine, type NluBuildOptions } from './nlu-engine';

export const DEFAULT_KB_DIR = projectPath('knowledge-base');
export const DEFAULT_OFFICE_CONFIG = projectPath('config', 'office.yaml');

/**
 * Builds the engine from the project's knowledge base and resources, the way
 * the CLIs and the bench do. KB_DIR / OFFICE_CONFIG env vars point elsewhere.
 */
export function buildDefaultEngine(extra: Partial<NluBuildOptions> = {}): NluEngine {
  const kbEntries = loadKnowledgeBase(process.env.KB_DIR ?? DEFAULT_KB_DIR, process.env.OFFICE_CONFIG ?? DEFAULT_OFFICE_CONFIG);
  return NluEngine.build({ kbEntries, ...extra });
}
