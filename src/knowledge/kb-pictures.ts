import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { access, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { KB_PICTURE_DIR, KB_PICTURE_NAME, kbPictureName, kbPictureNamesIn, kbPictureUrl } from '../common/kb-pictures';
import { type SniffedType, sniffFileType, writeFileAtomically } from '../common/file-bytes';
import type { KbMedia } from './kb.types';
import type { KbPictures } from './kb.validation';

/** Where the knowledge-base files keep their pictures: knowledge-base/media/<sha256>.<ext>. */
export const kbFilesPictureDir = (kbDir: string): string => join(kbDir, 'media');
export const storedPictureDir = (dataDir: string): string => join(dataDir, KB_PICTURE_DIR);

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** The name a picture has everywhere: its content hash and the extension of its real type. */
export const pictureName = (bytes: Buffer, type: Pick<SniffedType, 'ext'>): string => `${sha256(bytes)}.${type.ext}`;

/** A file is a valid picture under `name` only when its bytes are of that type and hash to that name. */
function verified(bytes: Buffer, name: string): boolean {
  const type = sniffFileType(bytes);
  return !!type && type.kind === 'image' && pictureName(bytes, type) === name;
}

/** The console's view: pictures in the store under DATA_DIR (written only after their checks). */
export function storedPictures(dataDir: string): KbPictures {
  const dir = storedPictureDir(dataDir);
  return { has: (name) => KB_PICTURE_NAME.test(name) && existsSync(join(dir, name)), where: dir };
}

/** The files' view: knowledge-base/media/<name>, whose content must match its name. */
export function filePictures(kbDir: string): KbPictures {
  const dir = kbFilesPictureDir(kbDir);
  return {
    has: (name) => {
      if (!KB_PICTURE_NAME.test(name)) return false;
      try {
        return verified(readFileSync(join(dir, name)), name);
      } catch {
        return false;
      }
    },
    where: dir,
  };
}

/**
 * Stores an uploaded picture (already checked) under its content hash; the
 * same picture uploaded again is the same file and is not written twice.
 */
export async function storePicture(dataDir: string, bytes: Buffer, type: SniffedType): Promise<{ url: string; mimeType: string; bytes: number }> {
  const name = pictureName(bytes, type);
  const path = join(storedPictureDir(dataDir), name);
  const exists = await access(path).then(
    () => true,
    () => false,
  );
  // Uploaded again: as fresh as a new upload, so the sweep of unreferenced pictures leaves it for the editor.
  if (exists) await utimes(path, new Date(), new Date()).catch(() => undefined);
  else await writeFileAtomically(path, bytes);
  return { url: kbPictureUrl(name), mimeType: type.mimeType, bytes: bytes.length };
}

/** Picture names a stored content (an entry version or draft, as JSON) refers to. */
export function referencedPictureNames(contents: Iterable<string>): Set<string> {
  const names = new Set<string>();
  for (const c of contents) for (const name of kbPictureNamesIn(c)) names.add(name);
  return names;
}

/**
 * Removes stored pictures no entry version or draft names and untouched for
 * `olderThanMs` (an officer's upload is referenced only once the draft is
 * saved, so fresh ones stay). Returns the names removed.
 */
export function removeUnreferencedPictures(dataDir: string, referenced: Set<string>, olderThanMs: number, now = Date.now()): string[] {
  const dir = storedPictureDir(dataDir);
  if (!existsSync(dir)) return [];
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!KB_PICTURE_NAME.test(name) || referenced.has(name)) continue;
    const path = join(dir, name);
    try {
      if (now - statSync(path).mtimeMs < olderThanMs) continue;
      unlinkSync(path);
      removed.push(name);
    } catch {
      // Gone already (another process swept it): nothing to do.
    }
  }
  return removed;
}

/** The stored file behind a hosted picture's name, when it exists. */
export function storedPicturePath(dataDir: string, name: string): string | null {
  if (!KB_PICTURE_NAME.test(name)) return null;
  const path = join(storedPictureDir(dataDir), name);
  return existsSync(path) ? path : null;
}

/**
 * Copies the pictures shipped in knowledge-base/media/ into the store
 * (first start, npm run kb:import). Only files whose bytes are a PNG, JPEG or
 * WebP matching their hash name are copied; other image files are reported,
 * anything else (sources) is left alone.
 */
export function copyFilePictures(kbDir: string, dataDir: string): { copied: number; skipped: string[] } {
  const from = kbFilesPictureDir(kbDir);
  if (!existsSync(from)) return { copied: 0, skipped: [] };
  const to = storedPictureDir(dataDir);
  let copied = 0;
  const skipped: string[] = [];
  for (const name of readdirSync(from).sort()) {
    // Sources of the pictures (an infographic's HTML) may sit beside them.
    if (name.startsWith('.') || !/\.(png|jpe?g|webp)$/i.test(name)) continue;
    if (!KB_PICTURE_NAME.test(name) || !verified(readFileSync(join(from, name)), name)) {
      skipped.push(name);
      continue;
    }
    if (existsSync(join(to, name))) continue;
    mkdirSync(to, { recursive: true });
    // Through a temporary name: a process reading the store never sees half a picture.
    const tmp = join(to, `.${name}.${process.pid}.tmp`);
    copyFileSync(join(from, name), tmp);
    renameSync(tmp, join(to, name));
    copied++;
  }
  return { copied, skipped };
}

/** npm run kb:export: the published entries' pictures from the store, beside the Markdown in <out>/media/. */
export function exportPictures(media: KbMedia[], dataDir: string, outDir: string): { written: number; missing: string[] } {
  const names = new Set(media.map((m) => (m.type === 'image' ? kbPictureName(m.url) : null)).filter((n): n is string => !!n));
  const missing: string[] = [];
  let written = 0;
  for (const name of names) {
    const src = storedPicturePath(dataDir, name);
    if (!src) {
      missing.push(name);
      continue;
    }
    mkdirSync(kbFilesPictureDir(outDir), { recursive: true });
    copyFileSync(src, join(kbFilesPictureDir(outDir), name));
    written++;
  }
  return { written, missing };
}
