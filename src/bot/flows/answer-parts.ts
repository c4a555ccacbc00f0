/**
 * Splits a long FAQ answer into readable parts: the introduction and the
 * numbered steps first, the rest behind "Selengkapnya". Cuts only between
 * paragraphs, list items or (for a single over-long paragraph) sentences,
 * so a sentence or a link is never cut in two and no part is empty.
 */

/** A numbered step: "1. …" or "1) …". */
const NUMBERED = /^\d{1,2}[.)]\s/;
/** A line that continues the step above it: indented, or a bullet under it. */
const CONTINUATION = /^(\s+\S|[-•*]\s)/;
/**
 * A sentence ends at ".", "!" or "?" followed by white space and a capital,
 * a digit or an opening bracket/quote; the usual Indonesian abbreviations
 * ("Kab. Tangerang", "Jl. Raya") are not ends. URLs hold no white space, so
 * a cut there never falls inside one.
 */
const SENTENCE_END = /(?<!\b(?:Kab|Kec|Kel|Ds|Jl|No|Dr|dr|Prof|Ir|Bpk|Sdr|Yth|Tn|Ny|St|mis|a\.n|u\.p|dst|dsb|dll|tsb|hlm|Rp))([.!?])\s+(?=[\p{Lu}\d("'“])/gu;

interface Unit {
  text: string;
  /** What joins it to the unit before: a space (sentences of one paragraph), a line break, or a blank line. */
  sep: ' ' | '\n' | '\n\n';
  /** Index of the numbered list it belongs to, if any. */
  list?: number;
}

export interface SplitOptions {
  /** Longest part in characters (the first part may reach 1.5× to keep the steps together). */
  limit: number;
}

/** The answer's parts; one part (the text itself) when it is short enough. */
export function splitAnswer(text: string, { limit }: SplitOptions): string[] {
  const trimmed = text.trim();
  if (!trimmed) return [];
  if (trimmed.length <= limit) return [trimmed];
  const units = toUnits(trimmed, limit);
  const stretch = Math.floor(limit * 1.5);
  const parts: Unit[][] = [];

  // The first part: everything up to the end of the first numbered list, when that reads as one message.
  let start = 0;
  const firstList = units.findIndex((u) => u.list !== undefined);
  if (firstList >= 0) {
    let end = firstList;
    while (end + 1 < units.length && units[end + 1].list === units[firstList].list) end++;
    const head = units.slice(0, end + 1);
    if (joined(head).length <= stretch && end + 1 < units.length) {
      parts.push(head);
      start = end + 1;
    }
  }
  // The rest: as many whole units per part as fit.
  let current: Unit[] = [];
  for (const u of units.slice(start)) {
    if (current.length && joined([...current, u]).length > limit) {
      parts.push(current);
      current = [];
    }
    current.push(u);
  }
  if (current.length) parts.push(current);

  // A short tail is not worth a tap: it joins the part before when the whole stays near the limit.
  const minTail = Math.floor(limit / 4);
  while (parts.length > 1) {
    const last = parts[parts.length - 1];
    const prev = parts[parts.length - 2];
    if (joined(last).length >= minTail || joined([...prev, ...last]).length > limit * 1.2) break;
    parts.splice(parts.length - 2, 2, [...prev, ...last]);
  }
  return parts.map(joined).filter((p) => p.length > 0);
}

function joined(units: Unit[]): string {
  return units
    .map((u, i) => (i === 0 ? u.text : u.sep + u.text))
    .join('')
    .trim();
}

/** Paragraphs, lines and list items (with their continuation lines); an over-long one is cut into sentences. */
function toUnits(text: string, limit: number): Unit[] {
  const units: Unit[] = [];
  let list = -1;
  let inList = false;
  let sep: Unit['sep'] = '\n';
  for (const line of text.split('\n')) {
    if (!line.trim()) {
      sep = '\n\n';
      inList = false;
      continue;
    }
    const last = units[units.length - 1];
    if (inList && sep === '\n' && CONTINUATION.test(line) && !NUMBERED.test(line.trim())) {
      last.text += `\n${line}`;
      continue;
    }
    if (NUMBERED.test(line)) {
      if (!inList) list++;
      inList = true;
      units.push({ text: line, sep, list });
    } else {
      inList = false;
      units.push({ text: line, sep });
    }
    sep = '\n';
  }
  return units.flatMap((u) => (u.text.length > limit && !u.text.includes('\n') ? sentences(u) : [u]));
}

/** An over-long paragraph as sentences, rejoined with spaces when they land in one part. */
function sentences(u: Unit): Unit[] {
  const out: Unit[] = [];
  let from = 0;
  const push = (piece: string) => {
    if (piece) out.push({ text: piece, sep: out.length ? ' ' : u.sep, list: u.list });
  };
  for (const m of u.text.matchAll(SENTENCE_END)) {
    push(u.text.slice(from, m.index + m[1].length).trim());
    from = m.index + m[0].length;
  }
  push(u.text.slice(from).trim());
  return out;
}
