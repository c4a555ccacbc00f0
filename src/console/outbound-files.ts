import { randomBytes } from 'node:crypto';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { type SniffedType, writeFileAtomically } from '../common/file-bytes';
import type { UploadedFileLike } from '../common/uploads';
import { AttachmentMeta } from '../schema/message.entity';

export { checkUpload, tooLarge, type UploadedFileLike } from '../common/uploads';

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

/**
 * Writes the file under DATA_DIR/media/outbound with a random name (it is
 * also the key of the web chat's download link) and returns its attachment.
 * Written to a temporary name first, so a crash never leaves half a file.
 */
export async function storeOutboundFile(dataDir: string, file: UploadedFileLike, type: SniffedType): Promise<AttachmentMeta> {
  const name = `${randomBytes(18).toString('base64url')}.${type.ext}`;
  await writeFileAtomically(join(dataDir, 'media', 'outbound', name), file.buffer);
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
