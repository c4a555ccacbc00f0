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

/** A value the office has not filled in yet: empty, or still the template's "[ISI OLEH KANTOR: …]". */
export function isMissingValue(v: string | undefined): boolean {
  return v === undefined || v.trim() === '' || /\[\s*ISI OLEH KANTOR/i.test(v);
}

/** The keys of office values still missing, sorted. */
export function missingValueKeys(values: OfficeValues): string[] {
  return [...values.entries()]
    .filter(([, v]) => isMissingValue(v))
    .map(([k]) => k)
    .filter((k) => !/\.\d+$/.test(k))
    .sort();
}

/**
 * Sentences end at . ! ? followed by a space and a capital; a line (a list item) is always its own
 * unit. Not after a digit, so "2. Datang …" stays whole (a sentence ending in a number joins the next:
 * more is left out, never less).
 */
const SENTENCE_END = /(?<=[^\d][.!?])\s+(?=[A-Z0-9À-Ý"(])/;

/**
 * Fills placeholders for a citizen. A sentence (or list line) that needs a
 * value the office has not filled in is left out, and `fallback` ("silakan
 * hubungi kantor") is added once in its place, so no "{{…}}" and no
 * "[ISI OLEH KANTOR …]" ever reaches a citizen.
 */
export function renderForCitizen(text: string, values: OfficeValues, fallback: string): { text: string; missing: string[] } {
  const missing = new Set<string>();
  let dropped = false;
  const lines = text.split('\n').map((line) => {
    const parts = line.split(SENTENCE_END).filter((sentence) => {
      const lacking = placeholderKeys(sentence).filter((k) => isMissingValue(values.get(k)));
      lacking.forEach((k) => missing.add(k));
      if (lacking.length) dropped = true;
      return !lacking.length;
    });
    return { had: line.trim() !== '', text: renderPlaceholders(parts.join(' '), values) };
  });
  let out = lines
    .filter((l) => !l.had || l.text.trim() !== '')
    .map((l) => l.text)
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (dropped) out = out ? `${out}\n${fallback}` : fallback;
  return { text: out, missing: [...missing] };
}
