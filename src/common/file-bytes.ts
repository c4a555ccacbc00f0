import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

// Plain file helpers without Nest: the knowledge-base loader (and so bot:classify's
// start-up) needs them, and @nestjs/common with rxjs costs ~0.3 s to load.

export interface SniffedType {
  mimeType: 'application/pdf' | 'image/png' | 'image/jpeg' | 'image/webp';
  ext: 'pdf' | 'png' | 'jpg' | 'webp';
  kind: 'document' | 'image';
}

/**
 * What the bytes are, from their signature: the declared type and the file
 * name come from the officer's computer and prove nothing. Only what every
 * channel can show safely (PDF and the three web image formats) is known.
 */
export function sniffFileType(b: Buffer): SniffedType | null {
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-') return { mimeType: 'application/pdf', ext: 'pdf', kind: 'document' };
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return { mimeType: 'image/png', ext: 'png', kind: 'image' };
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return { mimeType: 'image/jpeg', ext: 'jpg', kind: 'image' };
  if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP')
    return { mimeType: 'image/webp', ext: 'webp', kind: 'image' };
  return null;
}

/** Writes through a temporary name in the same folder, so a crash never leaves half a file under the real name. */
export async function writeFileAtomically(path: string, data: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}
