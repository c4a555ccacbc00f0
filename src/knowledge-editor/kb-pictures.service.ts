import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { scrub } from '../logging/redaction';
import { HUB_CONFIG, type ResolvedConfig } from '../config/hub-config';
import { checkUpload, type UploadedFileLike, type UploadRules } from '../common/uploads';
import { KnowledgeStore } from '../knowledge';
import { KNOWLEDGE_EDITOR_CONFIG, type KnowledgeEditorConfig } from './knowledge-editor.config';

/** How often api processes look for uploads never used in an entry. */
const SWEEP_EVERY_MS = 6 * 3600 * 1000;

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
export class KbPicturesService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger('KbPictures');
  private timer?: NodeJS.Timeout;

  constructor(
    @Inject(KNOWLEDGE_EDITOR_CONFIG) private readonly cfg: KnowledgeEditorConfig,
    @Inject(HUB_CONFIG) private readonly hub: ResolvedConfig,
    private readonly store: KnowledgeStore,
  ) {}

  /** Api processes (which serve the pictures) clear out uploads never used in an entry. */
  onApplicationBootstrap(): void {
    if (!this.hub.runsApi) return;
    void this.removeUnused();
    this.timer = setInterval(() => void this.removeUnused(), SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Unused pictures older than KB_MEDIA_UNUSED_HOURS; a failure waits for the next round. */
  async removeUnused(): Promise<number> {
    try {
      return await this.store.removeUnreferencedPictures(this.cfg.KB_MEDIA_UNUSED_HOURS * 3600 * 1000);
    } catch (err) {
      this.log.warn(`unused pictures not removed this time: ${scrub((err as Error).message)}`);
      return 0;
    }
  }

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
