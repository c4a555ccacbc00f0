import { CanActivate, ExecutionContext, ForbiddenException, Inject, Injectable, Optional, UnauthorizedException } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';
import { bearerToken } from './auth.guard';
import { PrincipalsService } from './principals.service';
import { SessionsService } from './sessions.service';
import { TokenService } from './token.service';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Guards /api/admin/*: an administrator's access token (POST /api/auth/login),
 * or the bearer ADMIN_TOKEN, or — with an explicit DEMO_MODE=true and no ADMIN_TOKEN —
 * direct requests from this machine (not relayed by a proxy).
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(
    @Inject(HUB_CONFIG) private readonly cfg: ResolvedConfig,
    @Optional() private readonly tokens?: TokenService,
    @Optional() private readonly sessions?: SessionsService,
    @Optional() private readonly principals?: PrincipalsService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Request>();
    const given = bearerToken(req) ?? '';
    if (given && this.tokens && this.sessions && this.principals) {
      const claims = await this.tokens.verifyAccess(given);
      if (claims) {
        if (await this.sessions.sessionEnded(claims.sid)) throw new UnauthorizedException('Sesi telah berakhir, silakan masuk kembali.');
        const p = await this.principals.principal(claims.sub);
        if (p?.role === 'admin') return true;
        throw new ForbiddenException('administrator role required');
      }
    }
    if (!this.cfg.ADMIN_TOKEN) {
      // Loopback alone is no proof in production: a reverse proxy on this machine (even one that adds
      // no X-Forwarded-For) makes every visitor look local. Only an installation explicitly started
      // as a demo (DEMO_MODE=true, never the implicit default) trusts it.
      const relayed = ['x-forwarded-for', 'forwarded', 'x-real-ip'].some((h) => req.headers[h] !== undefined);
      if (this.cfg.demoExplicit && LOOPBACK.has(req.socket.remoteAddress ?? '') && !relayed) return true;
      throw new ForbiddenException('admin API needs an administrator login or ADMIN_TOKEN');
    }
    const a = Buffer.from(given);
    const want = Buffer.from(this.cfg.ADMIN_TOKEN);
    if (a.length !== want.length || !timingSafeEqual(a, want)) throw new UnauthorizedException('admin token required');
    return true;
  }
}
