import { BadRequestException, Controller, ForbiddenException, HttpCode, NotFoundException, Post, Req, UnauthorizedException } from '@nestjs/common';
import type { RawBodyRequest } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { PHONE_CALL_EVENT_KINDS, PhoneCalls } from '../../src/hub/ports';
import { PhoneAdapter } from './phone.adapter';

const SIGNATURE = /^sha256=([0-9a-fA-F]{64})$/;

/** 'missing' (401), 'invalid' (403: malformed or forged) or null when the header signs the raw body. */
export function checkSignature(header: string | string[] | undefined, raw: Buffer | undefined, secret: string): 'missing' | 'invalid' | null {
  if (header === undefined || header === '') return 'missing';
  const m = typeof header === 'string' ? SIGNATURE.exec(header) : null;
  if (!m || !raw) return 'invalid';
  const want = createHmac('sha256', secret).update(raw).digest();
  return timingSafeEqual(Buffer.from(m[1], 'hex'), want) ? null : 'invalid';
}

export const phoneEventSchema = z
  .object({
    callId: z.string().trim().min(1).max(100),
    event: z.enum(PHONE_CALL_EVENT_KINDS as ['ringing', 'answered', 'ended', 'missed']),
    from: z.string().trim().min(1).max(40),
    to: z.string().trim().max(40).nullish(),
    extension: z
      .string()
      .trim()
      .regex(/^[0-9*#]{2,20}$/, 'extension: 2-20 digits')
      .nullish(),
    at: z.iso.datetime({ offset: true }),
  })
  .strict();

/**
 * A cloud PBX's call events, signed with HMAC-SHA256 of the raw body
 * (X-Signature-256: sha256=<hex>, key PHONE_EVENTS_SECRET). Nothing from the
 * body is read before the signature matches; a repeated (callId, event) changes nothing.
 */
@ApiExcludeController()
@Controller('channels/phone')
export class PhoneEventsController {
  constructor(
    private readonly adapter: PhoneAdapter,
    private readonly calls: PhoneCalls,
  ) {}

  @Post('events')
  @HttpCode(200)
  async receive(@Req() req: RawBodyRequest<Request>): Promise<{ ok: true; duplicate: boolean }> {
    const secret = this.adapter.cfg.PHONE_EVENTS_SECRET;
    if (!secret) throw new NotFoundException();
    const check = checkSignature(req.headers['x-signature-256'], req.rawBody, secret);
    if (check === 'missing') throw new UnauthorizedException('X-Signature-256 required: sha256=<hex HMAC-SHA256 of the body>');
    if (check === 'invalid') throw new ForbiddenException('invalid signature');
    const parsed = phoneEventSchema.safeParse(req.body);
    if (!parsed.success) throw new BadRequestException(parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`));
    const e = parsed.data;
    const r = await this.calls.record({
      source: 'webhook',
      callId: e.callId,
      event: e.event,
      from: e.from,
      to: e.to ?? null,
      extension: e.extension ?? null,
      at: new Date(e.at),
    });
    return { ok: true, duplicate: r.duplicate };
  }
}
