import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';

/** Where `npm run build:web` puts the console (web/dist at the project root). */
export function consoleWebDir(): string {
  return process.env.CONSOLE_WEB_DIR ? resolve(process.env.CONSOLE_WEB_DIR) : resolve(__dirname, '../../../web/dist');
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * Serves the officers' console (a single-page app) at /console: built files
 * as they are (hashed assets cached for a year), every other path the app's
 * index.html so deep links work. 503 when the console has not been built.
 */
@ApiExcludeController()
@Controller()
export class ConsoleWebController {
  private readonly dir = consoleWebDir();
  private indexHtml?: string;

  constructor(@Inject(HUB_CONFIG) private readonly cfg: ResolvedConfig) {}

  /** index.html with the installation's mode, so every page (login included) can say "demo" plainly. */
  private index(file: string): string {
    if (this.indexHtml === undefined) {
      const html = readFileSync(file, 'utf8');
      this.indexHtml = this.cfg.DEMO_MODE ? html.replace('<head>', '<head>\n    <meta name="hub-demo-mode" content="true" />') : html;
    }
    return this.indexHtml;
  }

  @Get(['console', 'console/{*path}'])
  serve(@Req() req: Request, @Res() res: Response): void {
    // Relative asset URLs need the trailing slash ('/console' and '/console/' both reach here).
    if (req.path === '/console') {
      const q = req.originalUrl.indexOf('?');
      res.redirect(301, `/console/${q >= 0 ? req.originalUrl.slice(q) : ''}`);
      return;
    }
    const index = join(this.dir, 'index.html');
    if (!existsSync(index)) {
      res.status(503).type('text/plain; charset=utf-8').send('Konsol belum dibangun: jalankan npm run build:web (atau npm run build).\n');
      return;
    }
    const rel = decodeURIComponent(req.path.replace(/^\/console\/?/, ''));
    const file = normalize(join(this.dir, rel));
    const inside = file === this.dir || file.startsWith(this.dir + sep);
    if (rel && inside && isFile(file)) {
      const type = TYPES[extname(file)];
      if (type) res.type(type);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Cache-Control', rel.startsWith('assets/') ? 'public, max-age=31536000, immutable' : 'no-cache');
      res.sendFile(file);
      return;
    }
    // A missing asset is a 404, not the app (a stale tab would parse HTML as JS).
    if (rel.startsWith('assets/') || extname(rel)) {
      res.status(404).type('text/plain; charset=utf-8').send('Tidak ditemukan.\n');
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('X-Frame-Options', 'DENY');
    res.type('text/html; charset=utf-8').send(this.index(index));
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
