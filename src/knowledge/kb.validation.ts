import type { KbEntry, KbLink, KbMedia } from './kb.types';
import { KB_PICTURE_URL_PREFIX, kbPictureName } from '../common/kb-pictures';
import { placeholderKeys } from './placeholders';

/** Minimum phrasings per entry: retrieval quality drops sharply below this. */
export const MIN_QUESTIONS = 6;
/** Entry ids are file names (`knowledge-base/<id>.md`) and URL segments. */
export const ENTRY_ID = /^[a-z0-9][a-z0-9-]{1,79}$/;
/** Image types an answer may carry (sent as pictures on every channel). */
export const MEDIA_IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
/** Alt text is the caption on WhatsApp and Telegram: kept within WhatsApp's caption limit. */
export const MAX_ALT = 1000;
export const MAX_MEDIA = 6;

/**
 * One problem with an entry: the field it is in, and the message in English
 * (the file loader's, for developers) and in Indonesian (the console's).
 * The file loader and the console use these same rules, so an entry the
 * console accepts is one the loader accepts and the other way round.
 */
export interface KbIssue {
  field: string;
  en: string;
  id: string;
}

export class KbValidationError extends Error {
  constructor(readonly issues: KbIssue[]) {
    super(issues.map((i) => `${i.field}: ${i.en}`).join('; '));
    this.name = 'KbValidationError';
  }
}

const issue = (field: string, en: string, id: string): KbIssue => ({ field, en, id });

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    return false;
  }
}

/** A URL, or text that is only a placeholder (filled from the office values). */
const urlOrPlaceholder = (s: string): boolean => isHttpUrl(s) || /^\s*\{\{\s*[a-zA-Z0-9_.-]+\s*\}\}\s*$/.test(s);

function parseLinks(raw: unknown, out: KbIssue[]): KbLink[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    out.push(issue('links', "field 'links' must be a list", "kolom 'links' harus berupa daftar"));
    return [];
  }
  const links: KbLink[] = [];
  raw.forEach((item, i) => {
    if (typeof item === 'string') return links.push({ label: item, url: item });
    if (item && typeof item === 'object') {
      const o = item as Record<string, unknown>;
      const url = o.url ?? o.href;
      const label = o.label ?? o.title ?? o.text ?? url;
      if (typeof url === 'string' && typeof label === 'string') return links.push({ label, url });
    }
    out.push(issue(`links[${i}]`, `links[${i}] must be a URL string or {label, url}`, `links[${i}] harus berupa URL atau {label, url}`));
  });
  return links;
}

function parseSources(raw: unknown, out: KbIssue[]): string[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    out.push(issue('sources', "field 'sources' must be a list", "kolom 'sources' harus berupa daftar"));
    return [];
  }
  return raw.flatMap((s, i) => {
    if (typeof s === 'string') return [s];
    if (s && typeof s === 'object') {
      const o = s as Record<string, unknown>;
      const parts = [o.title ?? o.label ?? o.name, o.url].filter((x) => typeof x === 'string');
      if (parts.length) return [parts.join(' — ')];
    }
    out.push(issue(`sources[${i}]`, `sources[${i}] must be a string or {title, url}`, `sources[${i}] harus berupa teks atau {title, url}`));
    return [];
  });
}

/**
 * Images need alt text (read aloud, and shown where pictures are off) and must
 * be pictures the hub hosts (uploaded in the console, or shipped in
 * knowledge-base/media/): only then has the hub checked their size and type
 * and can it send the file itself. Videos are links to elsewhere.
 */
function parseMedia(raw: unknown, out: KbIssue[]): KbMedia[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    out.push(issue('media', "field 'media' must be a list", "kolom 'media' harus berupa daftar"));
    return [];
  }
  if (raw.length > MAX_MEDIA) out.push(issue('media', `at most ${MAX_MEDIA} media items`, `paling banyak ${MAX_MEDIA} gambar/video`));
  const media: KbMedia[] = [];
  raw.forEach((item, i) => {
    const o = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>;
    const type = o.type === 'video' ? 'video' : o.type === 'image' || o.type === undefined ? 'image' : null;
    const url = typeof o.url === 'string' ? o.url.trim() : '';
    const alt = typeof o.alt === 'string' ? o.alt.trim() : '';
    const title = typeof o.title === 'string' ? o.title.trim() : '';
    if (!type) return out.push(issue(`media[${i}].type`, `media[${i}].type must be image or video`, `media[${i}].type harus image atau video`));
    const before = out.length;
    if (type === 'video' && !urlOrPlaceholder(url))
      out.push(issue(`media[${i}].url`, `media[${i}].url must be an http(s) URL`, `media[${i}].url harus berupa alamat http(s) yang valid`));
    if (type === 'image' && !kbPictureName(url))
      out.push(
        issue(
          `media[${i}].url`,
          isHttpUrl(url) || url.includes('{{')
            ? `media[${i}].url: external image URLs are not accepted (the hub cannot check their size and type); put the picture in knowledge-base/media/ or upload it in the console`
            : `media[${i}].url must be a picture hosted by the hub: ${KB_PICTURE_URL_PREFIX}<sha256>.png|jpg|webp (file knowledge-base/media/<sha256>.<ext>)`,
          isHttpUrl(url) || url.includes('{{')
            ? `media[${i}].url: gambar dari alamat luar tidak diterima karena ukuran dan jenisnya tidak bisa diperiksa hub; unggah gambarnya di sini (PNG, JPEG atau WebP)`
            : `media[${i}].url: gambar harus diunggah ke hub (PNG, JPEG atau WebP)`,
        ),
      );
    if (type === 'image' && alt.length < 5)
      out.push(
        issue(
          `media[${i}].alt`,
          `media[${i}].alt (alt text) is required for an image`,
          `media[${i}].alt (teks alternatif gambar) wajib diisi, minimal 5 karakter`,
        ),
      );
    else if (type === 'image' && alt.length > MAX_ALT)
      out.push(
        issue(
          `media[${i}].alt`,
          `media[${i}].alt is longer than ${MAX_ALT} characters`,
          `media[${i}].alt (teks alternatif) paling panjang ${MAX_ALT} karakter`,
        ),
      );
    if (out.length > before) return;
    media.push(type === 'image' ? { type, url, alt, ...(title ? { title } : {}) } : { type, url, title: title || alt || 'Video', ...(alt ? { alt } : {}) });
  });
  return media;
}

export type KbContent = Omit<KbEntry, 'file'>;

/**
 * Checks one entry on its own (the front matter of a file, or a console form)
 * and returns it with every problem found. Cross-entry checks (ids, related,
 * placeholders) are in checkAgainst.
 */
export function validateEntryFields(o: Record<string, unknown>, bodyAnswer = ''): { content: KbContent; issues: KbIssue[] } {
  const issues: KbIssue[] = [];
  const requireString = (key: string, label: string): string => {
    const v = o[key];
    if (typeof v !== 'string' || v.trim() === '') {
      issues.push(issue(key, `missing required field '${key}'`, `${label} wajib diisi`));
      return '';
    }
    return v.trim();
  };
  const optionalList = (key: string): string[] => {
    const v = o[key];
    if (v === undefined || v === null) return [];
    if (!isStringArray(v)) {
      issues.push(issue(key, `field '${key}' must be a list of strings`, `kolom '${key}' harus berupa daftar teks`));
      return [];
    }
    return v;
  };

  const id = requireString('id', "kolom 'id'");
  const title = requireString('title', "kolom 'title' (judul)");
  // The answer may live in the front matter or, failing that, in the markdown body.
  const answer = typeof o.answer === 'string' && o.answer.trim() ? o.answer.trim() : bodyAnswer.trim();
  if (!answer) issues.push(issue('answer', "missing required field 'answer'", "kolom 'answer' (jawaban) wajib diisi"));
  let questions: string[] = [];
  if (!('questions' in o)) issues.push(issue('questions', "missing required field 'questions'", "kolom 'questions' (pertanyaan) wajib diisi"));
  else {
    questions = optionalList('questions')
      .map((q) => q.trim())
      .filter((q) => q !== '');
    if (questions.length < MIN_QUESTIONS && isStringArray(o.questions))
      issues.push(
        issue(
          'questions',
          `needs at least ${MIN_QUESTIONS} questions, has ${questions.length}`,
          `kolom 'questions' perlu minimal ${MIN_QUESTIONS} contoh pertanyaan, baru ${questions.length}`,
        ),
      );
  }
  const answerEnRaw = o.answer_en ?? o.answerEn;
  if (answerEnRaw !== undefined && answerEnRaw !== null && typeof answerEnRaw !== 'string')
    issues.push(issue('answer_en', "field 'answer_en' must be a string", "kolom 'answer_en' (jawaban bahasa Inggris) harus berupa teks"));

  const content: KbContent = {
    id,
    title,
    tags: optionalList('tags'),
    questions,
    answer,
    answerEn: typeof answerEnRaw === 'string' && answerEnRaw.trim() ? answerEnRaw.trim() : undefined,
    links: parseLinks(o.links, issues),
    related: optionalList('related'),
    sources: parseSources(o.sources, issues),
    media: parseMedia(o.media, issues),
  };
  return { content, issues };
}

/**
 * Which hosted pictures exist: the store under DATA_DIR for the console, the
 * knowledge-base/media/ folder (names checked against the bytes) for files.
 */
export interface KbPictures {
  has(name: string): boolean;
  /** Where a missing picture was looked for, for the developers' message. */
  where: string;
}

/** The checks over the whole set: related entries exist, placeholders are office values, pictures exist. */
export function checkAgainst(entry: KbContent, knownIds: Set<string>, officeKeys: Set<string>, pictures: KbPictures): KbIssue[] {
  const issues: KbIssue[] = [];
  (entry.media ?? []).forEach((m, i) => {
    const name = m.type === 'image' ? kbPictureName(m.url) : null;
    if (name && !pictures.has(name))
      issues.push(
        issue(
          `media[${i}].url`,
          `media[${i}].url: picture ${name} not found in ${pictures.where} (or its content does not match its name)`,
          `media[${i}].url: gambar ${name} tidak ada di hub; unggah ulang gambarnya`,
        ),
      );
  });
  const texts: Array<[string, string]> = [
    ['answer', entry.answer],
    ['answer_en', entry.answerEn ?? ''],
    ...entry.links.flatMap((l, i): Array<[string, string]> => [
      [`links[${i}]`, l.url],
      [`links[${i}]`, l.label],
    ]),
    ...(entry.media ?? []).map((m, i): [string, string] => [`media[${i}].url`, m.url]),
  ];
  for (const [field, text] of texts) {
    for (const key of placeholderKeys(text)) {
      if (!officeKeys.has(key))
        issues.push(
          issue(
            field,
            `unknown placeholder {{${key}}} in ${field} (not defined in the office config)`,
            `${field}: {{${key}}} tidak dikenal (tidak ada di data kantor)`,
          ),
        );
    }
  }
  for (const rel of entry.related) {
    if (rel === entry.id)
      issues.push(issue('related', 'an entry cannot be related to itself', "kolom 'related': entri tidak boleh terkait dengan dirinya sendiri"));
    else if (!knownIds.has(rel)) issues.push(issue('related', `related id '${rel}' does not exist`, `kolom 'related': entri '${rel}' tidak ada`));
  }
  return issues;
}
