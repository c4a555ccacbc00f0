import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';

const EXT: Record<string, string> = {
  'image/jpeg': '.jpg',
  'image/png': '.png',
  'image/webp': '.webp',
  'application/pdf': '.pdf',
  'audio/ogg': '.ogg',
  'audio/mpeg': '.mp3',
  'audio/mp4': '.m4a',
  'audio/aac': '.aac',
  'audio/amr': '.amr',
};

/** Audio a voice note or music file arrives as (WhatsApp: ogg/opus, aac, amr, mp4, mpeg; Telegram voice: ogg). */
export const AUDIO_TYPES = 'audio/ogg,audio/mpeg,audio/mp4,audio/aac,audio/amr';

/**
 * Downloads one file into DATA_DIR/media/<channel>/ under a name derived
 * from the vendor's stable file id, so a re-delivered update rewrites the
 * same file. Returns the path relative to DATA_DIR, or throws.
 */
export async function downloadMedia(opts: {
  url: string;
  dataDir: string;
  channel: string;
  stableId: string;
  /** The type the vendor declared; unset = the type the file server answers with (Messenger, Instagram). */
  mimeType?: string;
  /** Refuses a file whose type is not one of these (checked before the body is read). */
  allowedTypes?: ReadonlySet<string>;
  fileName?: string;
  maxBytes: number;
  timeoutMs: number;
  headers?: Record<string, string>;
}): Promise<{ ref: string; size: number; mimeType: string }> {
  const res = await fetch(opts.url, { signal: AbortSignal.timeout(opts.timeoutMs), headers: opts.headers });
  if (!res.ok || !res.body) throw new Error(`download failed: HTTP ${res.status}`);
  const mimeType = (opts.mimeType ?? res.headers.get('content-type')?.split(';')[0] ?? 'application/octet-stream').trim().toLowerCase();
  if (opts.allowedTypes && !opts.allowedTypes.has(mimeType)) {
    await res.body.cancel().catch(() => undefined);
    throw new Error(`file type ${mimeType} is not downloaded`);
  }
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > opts.maxBytes) throw new MediaTooLargeError(declared);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    // The header may be missing or wrong: count what actually arrives.
    if (size > opts.maxBytes) throw new MediaTooLargeError(size);
    chunks.push(Buffer.from(chunk));
  }
  const ext =
    EXT[mimeType] ??
    (opts.fileName
      ? extname(opts.fileName)
          .replace(/[^.A-Za-z0-9]/g, '')
          .slice(0, 8)
      : '') ??
    '';
  const safeId = opts.stableId.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 120);
  const rel = join('media', opts.channel, `${safeId}${ext}`);
  const dir = join(opts.dataDir, 'media', opts.channel);
  await mkdir(dir, { recursive: true });
  // Unique per download: a re-delivered update may fetch the same file at the same moment.
  const tmp = join(opts.dataDir, `${rel}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(tmp, Buffer.concat(chunks));
  await rename(tmp, join(opts.dataDir, rel));
  return { ref: rel, size, mimeType };
}

export class MediaTooLargeError extends Error {
  constructor(readonly size: number) {
    super(`file too large (${size} bytes)`);
  }
}

/**
 * The file on disk behind an attachment the hub stored (ref "media/…",
 * relative to DATA_DIR), or null for anything else: an outbound file is
 * read only from the hub's own media folder.
 */
export function localMediaPath(dataDir: string, ref: string | undefined): string | null {
  if (!ref || !/^media\/[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)+$/.test(ref) || ref.split('/').some((p) => p === '..' || p === '.')) return null;
  return join(dataDir, ref);
}

/** Reads a stored outbound file as a Blob (for multipart uploads to a vendor), or throws. */
export async function readMediaBlob(dataDir: string, att: { ref?: string; mimeType?: string }): Promise<Blob> {
  const path = localMediaPath(dataDir, att.ref);
  if (!path) throw new Error('attachment is not a file stored by the hub');
  return new Blob([new Uint8Array(await readFile(path))], { type: att.mimeType ?? 'application/octet-stream' });
}
