import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * Phone numbers, the hub's core identity rule: one phone is one contact on
 * every channel (both WhatsApp transports, the MPP counter, the call center),
 * keyed by its E.164 form. Everything that turns a written or vendor number
 * into that key goes through here (libphonenumber-js, Indonesia by default).
 */

/** A number a person wrote ("0812-3456-7890", "+62 812 3456 7890", "62 812…") → "+6281234567890"; null when not a possible phone. */
export function normalisePhone(raw: string): string | null {
  const compact = raw.trim().replace(/[\s().-]/g, '');
  if (!/^\+?\d{6,15}$/.test(compact)) return null;
  // People write the country code without "+" ("62812…"); Indonesian national numbers never start with 62.
  const p = parsePhoneNumberFromString(/^62\d{8,}$/.test(compact) ? `+${compact}` : compact, 'ID');
  return p?.isPossible() ? p.number : null;
}

/** A vendor's id (WhatsApp wa_id "6281234567890", whatsapp-web.js "6281234567890@c.us") → E.164; always international. */
export function waIdToE164(waId: string): string | null {
  const digits = waId.replace(/@.*$/, '').replace(/^\+/, '');
  if (!/^\d{6,15}$/.test(digits)) return null;
  const p = parsePhoneNumberFromString(`+${digits}`);
  return p?.isPossible() ? p.number : null;
}

/** An Indonesian number that really exists in the numbering plan (stricter: for numbers found in free text). */
export function normaliseIndonesianPhone(raw: string): string | null {
  const compact = raw.replace(/[\s().-]/g, '');
  if (!/^(\+?62|0)\d{7,13}$/.test(compact)) return null;
  const p = parsePhoneNumberFromString(compact.startsWith('62') ? `+${compact}` : compact, 'ID');
  return p && p.countryCallingCode === '62' && p.isValid() ? p.number : null;
}

/** E.164 → the digits-only id WhatsApp's Cloud API expects in `to`. */
export function e164ToWaId(e164: string): string {
  return e164.replace(/^\+/, '');
}

/** `+628123456789` → `+62812****789`: enough to recognise, not to misuse. */
export function maskPhone(e164: string): string {
  if (e164.length <= 9) return '*'.repeat(e164.length);
  return e164.slice(0, 6) + '*'.repeat(e164.length - 9) + e164.slice(-3);
}
