import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Guards /api/admin/* until user accounts exist: a bearer ADMIN_TOKEN, or,
 * when none is configured, requests from this machine only.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(@Inject(HUB_CONFIG) private readonly cfg: ResolvedConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const req = ctx.switchToHttp().getRequest<Request>();
    if (!this.cfg.ADMIN_TOKEN) {
      if (LOOPBACK.has(req.socket.remoteAddress ?? '')) return true;
      throw new ForbiddenException('admin API is only reachable from the server itself when ADMIN_TOKEN is unset');
    }
    const given = Buffer.from((req.headers.authorization ?? '').replace(/^Bearer\s+/i, ''));
    const want = Buffer.from(this.cfg.ADMIN_TOKEN);
    if (given.length !== want.length || !timingSafeEqual(given, want)) throw new UnauthorizedException('admin token required');
    return true;
  }
}
