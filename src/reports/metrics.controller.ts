import { Controller, Get, Headers, Inject, NotFoundException, Res, UnauthorizedException } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { MetricsService } from './metrics.service';
import { REPORTS_CONFIG, type ReportsConfig } from './reports.config';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Prometheus scrape endpoint; off (404) without METRICS_TOKEN, else the token as a bearer, compared in constant time. */
@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(REPORTS_CONFIG) private readonly cfg: ReportsConfig,
  ) {}

  @Get()
  async scrape(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) res: Response) {
    const token = this.cfg.METRICS_TOKEN;
    if (!token) throw new NotFoundException();
    const given = /^Bearer (.+)$/.exec(authorization ?? '')?.[1] ?? '';
    if (!timingSafeEqual(digest(given), digest(token)))
      throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: 'Token metrics tidak valid' });
    res.setHeader('Content-Type', this.metrics.contentType);
    res.setHeader('Cache-Control', 'no-store');
    return this.metrics.text();
  }
}
