import type { KbEntry } from '../../knowledge/kb.types';
import type { AttachmentMeta } from '../../schema/message.entity';

const IMAGE_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', webp: 'image/webp' };

/**
 * An entry's pictures and video links as attachments of the answer: each
 * goes as a message of its own after the text (a picture with its alt text
 * as the caption, a video as a link button). Items whose address or text
 * needs an office value nobody filled in are left out.
 */
export function kbMediaAttachments(entry: KbEntry, render: (t: string) => string, complete: (t: string) => boolean): AttachmentMeta[] {
  return (entry.media ?? [])
    .filter((m) => complete(m.url) && complete(m.alt ?? '') && complete(m.title ?? ''))
    .map((m): AttachmentMeta => {
      const url = render(m.url);
      if (m.type === 'video') return { kind: 'video', url, fileName: render(m.title ?? m.alt ?? 'Video') };
      const ext = new URL(url).pathname.split('.').pop()?.toLowerCase() ?? '';
      return { kind: 'image', url, alt: render(m.alt ?? ''), ...(IMAGE_TYPES[ext] ? { mimeType: IMAGE_TYPES[ext] } : {}) };
    });
}
