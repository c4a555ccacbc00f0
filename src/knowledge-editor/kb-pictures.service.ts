import { Inject, Injectable } from '@nestjs/common';
import { checkUpload, type UploadedFileLike, type UploadRules } from '../common/uploads';
import { KnowledgeStore } from '../knowledge';
import { KNOWLEDGE_EDITOR_CONFIG, type KnowledgeEditorConfig } from './knowledge-editor.config';

/** What an entry's picture may be: the web image formats every channel shows inline. */
export const KB_PICTURE_RULES: UploadRules = {
  types: ['image/png', 'image/jpeg', 'image/webp'],
  missing: 'Pilih gambar yang akan diunggah (kolom "file").',
  empty: 'Berkas gambar kosong: tidak ada yang bisa diunggah.',
  unsupported: 'Jenis berkas tidak didukung: gambar entri harus PNG, JPEG atau WebP.',
};

/**
 * Entries' pictures: checked (type from the bytes, size) before anything is
 * written, then stored once by content hash. An upload alone shows nothing
 * to citizens: only a published entry that names the picture does.
 */
@Injectable()
export class KbPicturesService {
  constructor(
    @Inject(KNOWLEDGE_EDITOR_CONFIG) private readonly cfg: KnowledgeEditorConfig,
    private readonly store: KnowledgeStore,
  ) {}

  get maxBytes(): number {
    return this.cfg.KB_MEDIA_MAX_BYTES;
  }

  rules(): { types: string[]; maxBytes: number } {
    return { types: [...KB_PICTURE_RULES.types], maxBytes: this.cfg.KB_MEDIA_MAX_BYTES };
  }

  async upload(file: UploadedFileLike | undefined): Promise<{ url: string; mimeType: string; bytes: number }> {
    const type = checkUpload(file, this.cfg.KB_MEDIA_MAX_BYTES, KB_PICTURE_RULES);
    return this.store.storePicture(file!.buffer, type);
  }

  /** The stored file of a picture, or null (unknown or malformed name). */
  path(name: string): string | null {
    return this.store.picturePath(name);
  }
}
