import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * What every Meta webhook shares (WhatsApp Cloud, Messenger, Instagram): the
 * GET verification handshake and the X-Hub-Signature-256 check of the raw body.
 */

/** Compares two strings in constant time, whatever their lengths. */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/** Meta's GET handshake: hub.mode=subscribe and the verify token must match; then hub.challenge is echoed. */
export function verifyMetaHandshake(mode: unknown, token: unknown, challenge: unknown, verifyToken: string | undefined): string | null {
  if (!verifyToken || mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string') return null;
  return safeEqual(token, verifyToken) ? challenge : null;
}

export type SignatureCheck = 'ok' | 'missing' | 'invalid';

/** X-Hub-Signature-256 = "sha256=" + hex HMAC-SHA256 of the raw body with the app secret, compared in constant time. */
export function verifyMetaSignature(rawBody: Buffer | undefined, header: string | undefined, appSecret: string | undefined): SignatureCheck {
  if (!rawBody || !header) return 'missing';
  const m = /^sha256=([0-9a-f]{64})$/i.exec(header.trim());
  if (!m || !appSecret) return 'invalid';
  const want = createHmac('sha256', appSecret).update(rawBody).digest();
  return timingSafeEqual(Buffer.from(m[1], 'hex'), want) ? 'ok' : 'invalid';
}
