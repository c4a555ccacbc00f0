import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  HttpException,
  NestInterceptor,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import { catchError, Observable, throwError } from 'rxjs';

/** An uploaded file as multer hands it over (memory storage). */
export interface UploadedFileLike {
  buffer: Buffer;
  size: number;
  originalname?: string;
  mimetype?: string;
}

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

/** What an upload endpoint accepts, and how it says no (Indonesian). */
export interface UploadRules {
  types: ReadonlyArray<SniffedType['mimeType']>;
  missing: string;
  empty: string;
  unsupported: string;
}

/** Officers' files to citizens: PDF and the web image formats. */
export const OUTBOUND_FILE_RULES: UploadRules = {
  types: ['application/pdf', 'image/png', 'image/jpeg', 'image/webp'],
  missing: 'Pilih berkas yang akan dikirim (kolom "file").',
  empty: 'Berkas kosong: tidak ada yang bisa dikirim.',
  unsupported: 'Jenis berkas tidak didukung: hanya PDF, PNG, JPEG atau WebP yang bisa dikirim ke warga.',
};

/** Checks an upload (presence, size, type from the bytes); a 4xx in Indonesian when it is refused. */
export function checkUpload(file: UploadedFileLike | undefined, maxBytes: number, rules: UploadRules = OUTBOUND_FILE_RULES): SniffedType {
  if (!file) throw new BadRequestException(rules.missing);
  if (file.size === 0 || file.buffer.length === 0) throw new BadRequestException(rules.empty);
  if (file.size > maxBytes || file.buffer.length > maxBytes) throw tooLarge(maxBytes);
  const type = sniffFileType(file.buffer);
  if (!type || !rules.types.includes(type.mimeType)) throw new UnsupportedMediaTypeException(rules.unsupported);
  return type;
}

export function tooLarge(maxBytes: number): PayloadTooLargeException {
  const mb = (maxBytes / (1024 * 1024)).toLocaleString('id-ID', { maximumFractionDigits: 1 });
  return new PayloadTooLargeException(`Berkas terlalu besar: paling besar ${mb} MB.`);
}

/** Writes through a temporary name in the same folder, so a crash never leaves half a file under the real name. */
export async function writeFileAtomically(path: string, data: Buffer): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

/**
 * multer's refusals (too big, a second file, a stray field) in the officer's
 * language. Each upload endpoint's module subclasses it with its own limit.
 */
export abstract class UploadErrorsInterceptor implements NestInterceptor {
  protected abstract maxBytes(): number;

  intercept(_ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((err: unknown) => {
        if (err instanceof PayloadTooLargeException) return throwError(() => tooLarge(this.maxBytes()));
        // multer's and busboy's own errors keep theirs as the cause; the handler's are already in Indonesian.
        if (err instanceof HttpException && err.getStatus() < 500 && (err.cause as { code?: unknown } | undefined)?.code !== undefined)
          return throwError(() => new HttpException('Unggahan tidak valid: kirim satu berkas saja, di kolom "file" (multipart/form-data).', err.getStatus()));
        return throwError(() => err);
      }),
    );
  }
}
