import { BadRequestException, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AttachmentMeta } from '../schema/message.entity';

/** An uploaded file as multer hands it over (memory storage). */
export interface UploadedFileLike {
  buffer: Buffer;
  size: number;
  originalname?: string;
  mimetype?: string;
}

interface SniffedType {
  mimeType: string;
  ext: string;
  kind: AttachmentMeta['kind'];
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

/** A name safe to show and to put in Content-Disposition, keeping the officer's own where possible. */
function safeFileName(original: string | undefined, ext: string): string {
  // multer decodes the multipart filename as latin1; browsers send UTF-8.
  const utf8 = original ? Buffer.from(original, 'latin1').toString('utf8') : '';
  const base = utf8
    .replace(/\.[A-Za-z0-9]{1,8}$/, '')
    .replace(/[^\p{L}\p{N}._\- ]/gu, '_')
    .trim()
    .slice(0, 100);
  return `${base || 'lampiran'}.${ext}`;
}

/** Checks an officer's upload; a 4xx in Indonesian when it may not be sent. */
export function checkUpload(file: UploadedFileLike | undefined, maxBytes: number): SniffedType {
  if (!file) throw new BadRequestException('Pilih berkas yang akan dikirim (kolom "file").');
  if (file.size === 0 || file.buffer.length === 0) throw new BadRequestException('Berkas kosong: tidak ada yang bisa dikirim.');
  if (file.size > maxBytes) throw tooLarge(maxBytes);
  const type = sniffFileType(file.buffer);
  if (!type) throw new UnsupportedMediaTypeException('Jenis berkas tidak didukung: hanya PDF, PNG, JPEG atau WebP yang bisa dikirim ke warga.');
  return type;
}

export function tooLarge(maxBytes: number): PayloadTooLargeException {
  const mb = (maxBytes / (1024 * 1024)).toLocaleString('id-ID', { maximumFractionDigits: 1 });
  return new PayloadTooLargeException(`Berkas terlalu besar: paling besar ${mb} MB.`);
}

/**
 * Writes the file under DATA_DIR/media/outbound with a random name (it is
 * also the key of the web chat's download link) and returns its attachment.
 * Written to a temporary name first, so a crash never leaves half a file.
 */
export async function storeOutboundFile(dataDir: string, file: UploadedFileLike, type: SniffedType): Promise<AttachmentMeta> {
  const dir = join(dataDir, 'media', 'outbound');
  await mkdir(dir, { recursive: true });
  const name = `${randomBytes(18).toString('base64url')}.${type.ext}`;
  const tmp = join(dir, `.${name}.tmp`);
  await writeFile(tmp, file.buffer);
  await rename(tmp, join(dir, name));
  return {
    kind: type.kind,
    mimeType: type.mimeType,
    size: file.buffer.length,
    fileName: safeFileName(file.originalname, type.ext),
    ref: `media/outbound/${name}`,
  };
}

/** Removes a stored file whose message was not stored after all. */
export async function discardOutboundFile(dataDir: string, att: AttachmentMeta): Promise<void> {
  if (att.ref?.startsWith('media/outbound/')) await unlink(join(dataDir, att.ref)).catch(() => undefined);
}
