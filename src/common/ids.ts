import { createHash, randomBytes, randomUUID } from 'node:crypto';

export const newId = (): string => randomUUID();

const HUB_NAMESPACE = 'layanan-bantuan-sipinter';

/**
 * A UUID (version 5 layout) derived from a key: the same channel message
 * always gets the same message id, so the web chat can acknowledge a
 * message with its id before the worker has stored it, and a re-delivery
 * maps onto the row that already exists.
 */
export function deterministicId(key: string): string {
  const h = createHash('sha1').update(HUB_NAMESPACE).update('\0').update(key).digest();
  h[6] = (h[6] & 0x0f) | 0x50;
  h[8] = (h[8] & 0x3f) | 0x80;
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';

/** Short, unambiguous reference a citizen can read out at the counter (no 0/O, 1/I). */
export function newReference(prefix: string, now = new Date()): string {
  const date = now.toISOString().slice(2, 10).replace(/-/g, '');
  const bytes = randomBytes(6);
  let tail = '';
  for (const b of bytes) tail += ALPHABET[b % ALPHABET.length];
  return `${prefix}-${date}-${tail}`;
}

export function isUuid(v: unknown): v is string {
  return typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v);
}
