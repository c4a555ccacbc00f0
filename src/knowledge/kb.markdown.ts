import { stringify } from 'yaml';
import type { KbContent } from './kb.validation';

/** Markdown with YAML front matter, as knowledge-base/<id>.md: what `npm run kb:export` writes and diffs compare. */
export function toMarkdown(c: KbContent): string {
  const fm: Record<string, unknown> = { id: c.id, title: c.title, tags: c.tags, questions: c.questions, answer: c.answer };
  if (c.answerEn) fm.answer_en = c.answerEn;
  if (c.links.length) fm.links = c.links.map((l) => ({ title: l.label, url: l.url }));
  if (c.media?.length) fm.media = c.media;
  if (c.related.length) fm.related = c.related;
  if (c.sources.length) fm.sources = c.sources;
  return `---\n${stringify(fm, { lineWidth: 0 }).trimEnd()}\n---\n`;
}
