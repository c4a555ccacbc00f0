import { normaliseIndonesianPhone } from '../../common/phone';

/** Entities the bot can act on without understanding the whole sentence. */
export interface Entities {
  /** Application numbers, upper-cased with inner spaces removed (e.g. `PBG/2025/10/00456`). */
  applicationNumbers: string[];
  /** 16-digit NIKs that pass the plausibility check. */
  niks: string[];
  /** Indonesian phone numbers in E.164 (`+628123456789`). */
  phones: string[];
}

/**
 * Default application-number shapes issued by SIPINTER and sibling systems.
 * Separators may be surrounded by spaces because users retype numbers by hand.
 *  - `PBG/2025/10/00456`   (type / year / month / sequence)
 *  - `SIP-2025-000123`     (type - year - sequence)
 */
export const DEFAULT_APP_NUMBER_PATTERNS: RegExp[] = [
  /\b[a-z]{2,8}\s*\/\s*20\d{2}\s*\/\s*\d{1,2}\s*\/\s*\d{3,7}\b/gi,
  /\b[a-z]{2,8}\s*-\s*20\d{2}\s*-\s*\d{3,8}\b/gi,
];

/**
 * Province codes that exist in Kemendagri's numbering (the first two NIK digits).
 * 91-96 include the Papua provinces created in 2022.
 */
const PROVINCE_CODES = new Set<number>([
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53, 61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96,
]);

/**
 * A NIK is 16 digits: province(2) regency(2) district(2) birth day(2, +40 for
 * women) month(2) year(2) serial(4). Checking the parts rejects most random
 * 16-digit numbers (account numbers, card numbers) that are not NIKs.
 */
export function isPlausibleNik(nik: string): boolean {
  if (!/^\d{16}$/.test(nik)) return false;
  const part = (from: number) => Number(nik.slice(from, from + 2));
  if (!PROVINCE_CODES.has(part(0))) return false;
  if (part(2) === 0 || part(4) === 0) return false;
  const day = part(6);
  const validDay = (day >= 1 && day <= 31) || (day >= 41 && day <= 71);
  if (!validDay) return false;
  const month = part(8);
  if (month < 1 || month > 12) return false;
  return nik.slice(12) !== '0000';
}

/** Normalises an Indonesian phone number written any common way to E.164, or null (the shared kernel's strict rule). */
export const normalisePhone = normaliseIndonesianPhone;

/** `3603124501880002` -> `3603********0002`: enough to recognise, not to misuse. */
export function maskNik(nik: string): string {
  if (nik.length <= 8) return '*'.repeat(nik.length);
  return nik.slice(0, 4) + '*'.repeat(nik.length - 8) + nik.slice(-4);
}

/** `+628123456789` -> `+62812****789`. */
export function maskPhone(e164: string): string {
  if (e164.length <= 9) return '*'.repeat(e164.length);
  return e164.slice(0, 6) + '*'.repeat(e164.length - 9) + e164.slice(-3);
}

/** Masks every NIK- or phone-looking digit run in free text, for logs. */
export function maskSensitive(text: string): string {
  return text
    .replace(/(?<!\d)\d{16}(?!\d)/g, (m) => maskNik(m))
    .replace(/(?<![\w+])(?:\+62|62|0)8[\d\s-]{7,15}\d/g, (m) => {
      const e164 = normalisePhone(m);
      return e164 ? maskPhone(e164) : m;
    });
}

const NIK_CANDIDATE = /(?<!\d)\d{4}[ .]?\d{4}[ .]?\d{4}[ .]?\d{4}(?!\d)/g;
const PHONE_CANDIDATE = /(?<![\w+])(?:\+\s?62|62|0)[\s.-]?\(?\d{2,4}\)?(?:[\s.-]?\d{2,5}){1,4}(?!\d)/g;

export interface EntityMatch {
  entities: Entities;
  /** The text with every matched span replaced by a type marker, for the classifier. */
  textWithMarkers: string;
}

function globalise(pattern: RegExp): RegExp {
  return pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
}

/**
 * Finds application numbers, NIKs and phones. Matched spans are replaced by
 * markers (` appno `, ` niknum `, ` phonenum `) so that digits never reach the
 * classifier vocabulary and a later pattern cannot re-read the same digits.
 */
export function extractEntities(text: string, appNumberPatterns: RegExp[] = DEFAULT_APP_NUMBER_PATTERNS): EntityMatch {
  const applicationNumbers: string[] = [];
  const niks: string[] = [];
  const phones: string[] = [];
  let rest = text;

  for (const pattern of appNumberPatterns) {
    rest = rest.replace(globalise(pattern), (m) => {
      const normal = m.replace(/\s+/g, '').toUpperCase();
      if (!applicationNumbers.includes(normal)) applicationNumbers.push(normal);
      return ' appno ';
    });
  }
  rest = rest.replace(NIK_CANDIDATE, (m) => {
    const digits = m.replace(/\D/g, '');
    if (!isPlausibleNik(digits)) return m;
    if (!niks.includes(digits)) niks.push(digits);
    return ' niknum ';
  });
  rest = rest.replace(PHONE_CANDIDATE, (m) => {
    const e164 = normalisePhone(m);
    if (!e164) return m;
    if (!phones.includes(e164)) phones.push(e164);
    return ' phonenum ';
  });
  return { entities: { applicationNumbers, niks, phones }, textWithMarkers: rest };
}

/** Compiles user-configured patterns (strings are read case-insensitively). */
export function compileAppNumberPatterns(patterns: Array<string | RegExp> | undefined): RegExp[] {
  if (!patterns || patterns.length === 0) return DEFAULT_APP_NUMBER_PATTERNS;
  return patterns.map((p) => (typeof p === 'string' ? new RegExp(p, 'gi') : globalise(p)));
}
