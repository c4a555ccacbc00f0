import { BadRequestException, Controller, HttpCode, Inject, Post, Req, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';
import { PermitEventsService, permitEventSchema } from './permit-events.service';

/**
 * SIPINTER (or the office's import job) reports status changes here, signed
 * with HMAC-SHA256 of the raw body: `X-Signature-256: sha256=<hex>`.
 */
@ApiTags('permits')
@Controller('api/permits/events')
export class PermitEventsController {
  constructor(
    @Inject(HUB_CONFIG) private readonly cfg: ResolvedConfig,
    private readonly service: PermitEventsService,
  ) {}

  @Post()
  @HttpCode(200)
  @ApiHeader({ name: 'X-Signature-256', description: 'sha256=<hex HMAC-SHA256 of the raw body with PERMIT_EVENTS_SECRET>' })
  async receive(@Req() req: RawBodyRequest<Request>) {
    if (!this.cfg.PERMIT_EVENTS_SECRET) throw new ServiceUnavailableException('permit events are not configured (PERMIT_EVENTS_SECRET)');
    const raw = req.rawBody ?? Buffer.alloc(0);
    const given = String(req.headers['x-signature-256'] ?? '');
    const want = `sha256=${createHmac('sha256', this.cfg.PERMIT_EVENTS_SECRET).update(raw).digest('hex')}`;
    if (given.length !== want.length || !timingSafeEqual(Buffer.from(given), Buffer.from(want))) throw new UnauthorizedException('invalid signature');
    const parsed = permitEventSchema.safeParse(req.body);
    if (!parsed.success) throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`));
    return this.service.handle(parsed.data);
  }
}
