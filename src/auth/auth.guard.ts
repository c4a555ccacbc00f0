import { CanActivate, ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { Principal, PUBLIC_KEY, ROLES_KEY } from '../common/principal';
import { PrincipalsService } from './principals.service';
import { SessionsService } from './sessions.service';
import { TokenService } from './token.service';
import type { UserRole } from '../schema/user.entity';

export function bearerToken(req: Pick<Request, 'headers'>): string | undefined {
  const h = req.headers.authorization;
  if (!h || !/^Bearer\s+/i.test(h)) return undefined;
  return h.replace(/^Bearer\s+/i, '').trim();
}

/**
 * Requires a valid access token of an active officer, and one of the roles
 * named by @Roles when there is one. Puts the officer on request.principal.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    private readonly sessions: SessionsService,
    private readonly principals: PrincipalsService,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { principal?: Principal }>();
    const claims = await this.tokens.verifyAccess(bearerToken(req));
    if (!claims) throw new UnauthorizedException('Token akses tidak ada, tidak valid, atau kedaluwarsa.');
    if (await this.sessions.sessionEnded(claims.sid)) throw new UnauthorizedException('Sesi telah berakhir, silakan masuk kembali.');
    const principal = await this.principals.principal(claims.sub);
    if (!principal) throw new UnauthorizedException('Akun tidak aktif.');
    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES_KEY, targets);
    if (roles?.length && !roles.includes(principal.role)) throw new ForbiddenException('Peran Anda tidak diizinkan melakukan ini.');
    req.principal = principal;
    return true;
  }
}
