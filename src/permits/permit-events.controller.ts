import { BadRequestException, Controller, HttpCode, Inject, Post, Req, ServiceUnavailableException, UnauthorizedException } from '@nestjs/common';
import { ApiHeader, ApiTags } from '@nestjs/swagger';
import type { RawBodyRequest } from '@nestjs/common';
import type { Request } from 'express';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';
import { PermitEventsService, permitEventSchema } from './permit-events.service';

const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

/**
 * Why the X-Signature-256 header does not authenticate the body, or null when
 * it does. The header is parsed before anything is compared: a value of the
 * wrong shape (other bytes, length, prefix, repeated header) is a 401, never a
 * comparison of buffers of different lengths (which throws).
 */
export function signatureProblem(header: string | string[] | undefined, raw: Buffer, secret: string): string | null {
  if (header === undefined || header === '') return 'missing signature: send X-Signature-256: sha256=<hex HMAC-SHA256 of the body>';
  const m = typeof header === 'string' ? SIGNATURE.exec(header) : null;
  if (!m) return 'malformed signature: X-Signature-256 must be one header, sha256= followed by 64 hex digits';
  const given = Buffer.from(m[1], 'hex');
  const want = createHmac('sha256', secret).update(raw).digest();
  return timingSafeEqual(given, want) ? null : 'invalid signature';
}

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
    const problem = signatureProblem(req.headers['x-signature-256'], req.rawBody ?? Buffer.alloc(0), this.cfg.PERMIT_EVENTS_SECRET);
    if (problem) throw new UnauthorizedException(problem);
    const parsed = permitEventSchema.safeParse(req.body);
    if (!parsed.success) throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`));
    return this.service.handle(parsed.data);
  }
}
