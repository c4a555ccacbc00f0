import { Controller, Get, Header, NotFoundException, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkingCalendar } from '../../src/common/calendar/working-calendar';
import { ChannelWelcome } from '../../src/hub/ports';
import { officeStatus } from './office-status';

interface Asset {
  body: Buffer;
  gzip?: Buffer;
  brotli?: Buffer;
  etag: string;
}

/**
 * The embeddable widget (compiled, minified and precompressed from
 * widget/widget.ts by the build: scripts/build-widget.ts), its demo page, and
 * what it shows before the visitor writes (greeting, office status).
 */
@ApiExcludeController()
@Controller()
export class WidgetController {
  private readonly dir = join(__dirname, 'widget');
  private cache = new Map<string, Asset>();

  constructor(
    private readonly calendar: WorkingCalendar,
    private readonly welcomeText: ChannelWelcome,
  ) {}

  private asset(name: string): Asset {
    let a = this.cache.get(name);
    if (!a) {
      const path = join(this.dir, name);
      if (!existsSync(path)) throw new NotFoundException(`${name} is not built; run npm run build`);
      const body = readFileSync(path);
      const optional = (ext: string) => (existsSync(path + ext) ? readFileSync(path + ext) : undefined);
      a = { body, gzip: optional('.gz'), brotli: optional('.br'), etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` };
      this.cache.set(name, a);
    }
    return a;
  }

  @Get('widget')
  @Header('Content-Type', 'text/html; charset=utf-8')
  demo(): string {
    return this.asset('demo.html').body.toString('utf8');
  }

  /**
   * Precompressed (brotli, gzip) by the build. The URL every site embeds has no
   * version, so caches revalidate after five minutes (an ETag makes that a 304);
   * `/widget.js?v=<etag>` names one build and is cached for good.
   */
  @Get('widget.js')
  script(@Req() req: Request, @Res() res: Response): void {
    const a = this.asset('widget.js');
    const version = a.etag.slice(1, -1);
    res.setHeader('Content-Type', 'application/javascript; charset=utf-8');
    res.setHeader('ETag', a.etag);
    res.setHeader('Vary', 'Accept-Encoding');
    res.setHeader('Cache-Control', req.query.v === version ? 'public, max-age=31536000, immutable' : 'public, max-age=300, stale-while-revalidate=86400');
    const tags = String(req.headers['if-none-match'] ?? '')
      .split(',')
      .map((t) => t.trim().replace(/^W\//, ''));
    if (tags.includes(a.etag)) {
      res.status(304).end();
      return;
    }
    const accepts = (enc: string) => req.acceptsEncodings(enc) === enc;
    const [body, encoding] = a.brotli && accepts('br') ? [a.brotli, 'br'] : a.gzip && accepts('gzip') ? [a.gzip, 'gzip'] : [a.body, undefined];
    if (encoding) res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', String(body.length));
    res.status(200).end(body);
  }

  /**
   * The bot's greeting and main menu, and whether officers are at work now:
   * what the widget shows the moment it opens. Reads only; nothing about the
   * visitor is stored (they are not even known yet).
   */
  @Get('widget/welcome')
  @Header('Cache-Control', 'public, max-age=60')
  @Header('Access-Control-Allow-Origin', '*')
  welcome(): { greeting: { text: string; quickReplies: { payload: string; title: string }[] }; office: ReturnType<typeof officeStatus> } {
    return { greeting: this.welcomeText.welcome('id'), office: officeStatus(this.calendar, new Date()) };
  }
}
