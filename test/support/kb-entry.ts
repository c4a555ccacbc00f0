import type { KbEntry } from '../../src/knowledge/kb.types';

/** A knowledge-base entry with only what the NLU reads, for tests with a tiny knowledge base of their own. */
export function kbEntry(id: string, title: string, questions: string[], answer: string): KbEntry {
  return { id, title, tags: [], questions, answer, links: [], related: [], sources: [], file: `${id}.md` };
}
