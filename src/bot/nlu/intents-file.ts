import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** intent id -> example phrasings. */
export type IntentExamples = Map<string, string[]>;

/**
 * Reads `<key>: { <id>: [phrasing, …] }` (key `intents` in intents.yaml,
 * `phrasings` in phrasings.yaml); throws with the file name on a bad shape.
 */
export function loadIntentExamples(file: string, key = 'intents'): IntentExamples {
  const doc = parse(readFileSync(file, 'utf8')) as unknown;
  const intents = (doc as Record<string, unknown> | null)?.[key];
  if (!intents || typeof intents !== 'object' || Array.isArray(intents)) throw new Error(`${file}: expected a top-level '${key}' mapping`);
  const out: IntentExamples = new Map();
  for (const [id, list] of Object.entries(intents as Record<string, unknown>)) {
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string' || typeof x === 'number'))
      throw new Error(`${file}: intent '${id}' must be a list of phrasings`);
    out.set(id, list.map(String));
  }
  return out;
}
