import { kbPictureMime, kbPictureName, kbPictureRef } from '../../common/kb-pictures';
import type { KbEntry } from '../../knowledge/kb.types';
import type { AttachmentMeta } from '../../schema/message.entity';

/**
 * An entry's pictures and video links as attachments of the answer: each
 * goes as a message of its own after the text (a picture with its alt text
 * as the caption, a video as a link button). A picture is the hub's own
 * stored file (DATA_DIR/media/kb), sent like an officer's file; an image
 * address from elsewhere (content stored before pictures were hosted) is
 * left out, as are items whose address or text needs an office value nobody
 * filled in.
 */
export function kbMediaAttachments(entry: KbEntry, render: (t: string) => string, complete: (t: string) => boolean): AttachmentMeta[] {
  return (entry.media ?? [])
    .filter((m) => complete(m.url) && complete(m.alt ?? '') && complete(m.title ?? ''))
    .flatMap((m): AttachmentMeta[] => {
      if (m.type === 'video') return [{ kind: 'video', url: render(m.url), fileName: render(m.title ?? m.alt ?? 'Video') }];
      const name = kbPictureName(m.url);
      if (!name) return [];
      return [{ kind: 'image', ref: kbPictureRef(name), mimeType: kbPictureMime(name), fileName: name, alt: render(m.alt ?? '') }];
    });
}
