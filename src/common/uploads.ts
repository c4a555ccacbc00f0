import {
  BadRequestException,
  CallHandler,
  ExecutionContext,
  HttpException,
  NestInterceptor,
  PayloadTooLargeException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import { catchError, Observable, throwError } from 'rxjs';
import { type SniffedType, sniffFileType } from './file-bytes';

/** An uploaded file as multer hands it over (memory storage). */
export interface UploadedFileLike {
  buffer: Buffer;
  size: number;
  originalname?: string;
  mimetype?: string;
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
