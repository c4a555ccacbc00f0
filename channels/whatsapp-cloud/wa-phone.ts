import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * A WhatsApp id (wa_id "6281234567890", or whatsapp-web.js "6281234567890@c.us")
 * → E.164 "+6281234567890": the key both WhatsApp transports and the MPP
 * counter share, so one phone is one contact. Null when it is not a phone.
 */
export function waIdToE164(waId: string): string | null {
  const digits = waId.replace(/@.*$/, '').replace(/^\+/, '');
  if (!/^\d{6,15}$/.test(digits)) return null;
  const p = parsePhoneNumberFromString(`+${digits}`);
  return p?.isPossible() ? p.number : null;
}

/** E.164 → the digits-only id the Cloud API's `to` expects. */
export function e164ToWaId(e164: string): string {
  return e164.replace(/^\+/, '');
}
