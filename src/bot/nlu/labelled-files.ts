import { existsSync, readFileSync } from 'node:fs';
import { projectPath } from '../../common/paths';
import { parseJsonLines, type LabelledMessage } from './evaluation';

const SHARED_DEV = projectPath('..', 'shared', 'bot', 'dev.jsonl');
/** The shared dev set beside the checkout when there is one, else the committed copy. */
export const DEV_FILE = existsSync(SHARED_DEV) ? SHARED_DEV : projectPath('test', 'fixtures', 'bot', 'dev.jsonl');
/**
 * Our first held-out messages. Their `split` ("tune" / "report") is kept for
 * history, but the report half was looked at too often: both halves now feed
 * the calibration and are reported by cross-validation.
 */
export const HELDOUT_FILE = projectPath('test', 'fixtures', 'bot', 'heldout-own.jsonl');
/**
 * Messages written before the last round of NLU changes and never used for
 * fitting or tuning (not the model, not the calibration, not the lexicons):
 * the held-out figure is quoted on this file.
 */
export const FRESH_FILE = projectPath('test', 'fixtures', 'bot', 'heldout-fresh.jsonl');

/** Reads a labelled JSONL file, optionally only the lines of one `split`. */
export function loadLabelled(file: string, split?: string): LabelledMessage[] {
  const items = parseJsonLines<LabelledMessage & { split?: string }>(readFileSync(file, 'utf8'), file);
  return split ? items.filter((i) => i.split === split) : items;
}
