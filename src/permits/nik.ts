import { createHash } from 'node:crypto';

/**
 * The registry never keeps a full NIK: only its last four digits (what a
 * citizen is asked for) and this hash, so a citizen who types the whole NIK
 * can still be matched.
 */
export function hashNik(nik: string): string {
  return createHash('sha256')
    .update(`sipinter-nik:${nik.replace(/\D/g, '')}`)
    .digest('hex');
}
