import { existsSync, readFileSync } from 'node:fs';
import { projectPath } from '../../common/paths';
import { parseJsonLines, type LabelledMessage } from './evaluation';

const SHARED_DEV = projectPath('..', 'shared', 'bot', 'dev.jsonl');
/** The shared dev set beside the checkout when there is one, else the committed copy. */
export const DEV_FILE = existsSync(SHARED_DEV) ? SHARED_DEV : projectPath('test', 'fixtures', 'bot', 'dev.jsonl');
/** Our own held-out messages; each line has `split`: "tune" (may be looked at) or "report" (never tuned on). */
export const HELDOUT_FILE = projectPath('test', 'fixtures', 'bot', 'heldout-own.jsonl');

/** Reads a labelled JSONL file, optionally only the lines of one `split`. */
export function loadLabelled(file: string, split?: string): LabelledMessage[] {
  const items = parseJsonLines<LabelledMessage & { split?: string }>(readFileSync(file, 'utf8'), file);
  return split ? items.filter((i) => i.split === split) : items;
}
