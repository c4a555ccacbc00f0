import type { Response } from 'express';

export interface StoredFile {
  path: string;
  mimeType: string;
  size: number;
  /** Already safe for a header (the caller cleans names that came from outside). */
  fileName: string;
  disposition: 'inline' | 'attachment';
  cacheControl: string;
  /** For files a page on another site loads (the widget's <img>). */
  crossOrigin?: boolean;
}

/**
 * Sends a stored file (a citizen's attachment, an officer's file, an entry's
 * picture) with the one set of safe headers: never sniffed or rendered as a
 * page of ours, so a crafted "image" cannot run script in the hub's origin.
 */
export function sendStoredFile(res: Response, f: StoredFile): void {
  res.setHeader('Content-Type', f.mimeType);
  res.setHeader('Content-Length', String(f.size));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
  if (f.crossOrigin) res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  res.setHeader('Cache-Control', f.cacheControl);
  res.setHeader('Content-Disposition', `${f.disposition}; filename="${f.fileName}"`);
  res.sendFile(f.path);
}
