/**
 * Knowledge-base pictures the hub hosts (infographics, screenshots of the
 * SIPINTER steps). Each is stored once by the SHA-256 of its bytes, at
 * DATA_DIR/media/kb/<name>, served publicly at /media/kb/<name>, and shipped
 * with the Markdown files as knowledge-base/media/<name>. The name is the
 * content hash, so a re-upload of the same picture is the same file and the
 * address never needs revalidating. Shared: the knowledge base validates
 * these addresses, the bot turns them into attachments, the web chat into
 * links the widget can load.
 */
const NAME_PATTERN = '[0-9a-f]{64}\\.(?:png|jpg|webp)';
export const KB_PICTURE_NAME = new RegExp(`^${NAME_PATTERN}$`);
/** Every picture name anywhere in a text (an entry's stored JSON). */
export const kbPictureNamesIn = (text: string): string[] => text.match(new RegExp(NAME_PATTERN, 'g')) ?? [];
export const KB_PICTURE_URL_PREFIX = '/media/kb/';
export const KB_PICTURE_DIR = 'media/kb';

export const KB_PICTURE_TYPES: Record<string, 'image/png' | 'image/jpeg' | 'image/webp'> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };

/** The picture's file name when `url` is the address of a hub-hosted picture, else null. */
export function kbPictureName(url: string): string | null {
  if (!url.startsWith(KB_PICTURE_URL_PREFIX)) return null;
  const name = url.slice(KB_PICTURE_URL_PREFIX.length);
  return KB_PICTURE_NAME.test(name) ? name : null;
}

/** The picture's file name when `ref` (relative to DATA_DIR) is a hosted picture, else null. */
export function kbPictureNameOfRef(ref: string | undefined): string | null {
  if (!ref?.startsWith(`${KB_PICTURE_DIR}/`)) return null;
  const name = ref.slice(KB_PICTURE_DIR.length + 1);
  return KB_PICTURE_NAME.test(name) ? name : null;
}

export const kbPictureUrl = (name: string): string => `${KB_PICTURE_URL_PREFIX}${name}`;
export const kbPictureRef = (name: string): string => `${KB_PICTURE_DIR}/${name}`;
export const kbPictureMime = (name: string): 'image/png' | 'image/jpeg' | 'image/webp' => KB_PICTURE_TYPES[name.split('.').pop() ?? ''];
