import { Controller, Get, Header, NotFoundException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The embeddable widget (compiled from widget/widget.ts by the build) and its demo page. */
@ApiExcludeController()
@Controller()
export class WidgetController {
  private readonly dir = join(__dirname, 'widget');
  private cache = new Map<string, string>();

  private read(name: string): string {
    let body = this.cache.get(name);
    if (body === undefined) {
      const path = join(this.dir, name);
      if (!existsSync(path)) throw new NotFoundException(`${name} is not built; run npm run build`);
      body = readFileSync(path, 'utf8');
      this.cache.set(name, body);
    }
    return body;
  }

  @Get('widget')
  @Header('Content-Type', 'text/html; charset=utf-8')
  demo(): string {
    return this.read('demo.html');
  }

  @Get('widget.js')
  @Header('Content-Type', 'application/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=300')
  script(): string {
    return this.read('widget.js');
  }
}
