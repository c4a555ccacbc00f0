import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { OfficeValues } from './kb.types';

/** `{{ office.address }}`: a dotted key, optional inner spaces. */
export const PLACEHOLDER = /\{\{\s*([a-zA-Z0-9_.-]+)\s*\}\}/g;

/** Every placeholder key used in a text, in order of appearance. */
export function placeholderKeys(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/**
 * Flattens the office YAML into dotted keys. Both nested (`office: {address: …}`)
 * and flat (`office.address: …`) layouts work; lists become `key.0`, `key.1`…
 * and are also joined under `key` so `{{office.phones}}` renders all of them.
 */
export function flattenConfig(value: unknown, prefix = '', out: OfficeValues = new Map()): OfficeValues {
  if (Array.isArray(value)) {
    value.forEach((v, i) => flattenConfig(v, prefix ? `${prefix}.${i}` : String(i), out));
    if (prefix && value.every((v) => typeof v !== 'object' || v === null)) out.set(prefix, value.map(String).join(', '));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flattenConfig(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (prefix && value !== undefined && value !== null) {
    out.set(prefix, String(value));
  }
  return out;
}

export function loadOfficeValues(officeConfigPath: string): OfficeValues {
  let doc: unknown;
  try {
    doc = parse(readFileSync(officeConfigPath, 'utf8'));
  } catch (err) {
    throw new Error(`${officeConfigPath}: cannot read office config: ${(err as Error).message}`, { cause: err });
  }
  return flattenConfig(doc);
}

/**
 * Replaces `{{key}}` with office values. Unknown keys are left visible rather
 * than blanked: the loader rejects them at start-up, so this only matters for
 * text that did not come from the knowledge base.
 */
export function renderPlaceholders(text: string, values: OfficeValues): string {
  return text.replace(PLACEHOLDER, (whole, key: string) => values.get(key) ?? whole);
}
