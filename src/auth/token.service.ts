import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes } from 'node:crypto';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';
import { AUTH_CONFIG, AuthConfig } from './auth.config';
import { resolveJwtSecret } from './jwt-secret';
import type { UserRole } from '../schema/user.entity';

export interface AccessClaims {
  sub: string;
  role: UserRole;
  typ: 'access';
  /** The login (refresh-token family) this token belongs to; ended at logout. */
  sid?: string;
  exp?: number;
}

/** Signs and checks access tokens (HS256 JWT); makes refresh-token secrets. */
@Injectable()
export class TokenService {
  private readonly jwt: JwtService;

  constructor(
    @Inject(HUB_CONFIG) hub: ResolvedConfig,
    @Inject(AUTH_CONFIG) private readonly cfg: AuthConfig,
  ) {
    this.jwt = new JwtService({ secret: resolveJwtSecret(cfg.JWT_SECRET, hub.dataDir) });
  }

  get accessTtlSeconds(): number {
    return this.cfg.ACCESS_TOKEN_TTL;
  }

  signAccess(userId: string, role: UserRole, sid?: string): Promise<string> {
    const claims: AccessClaims = { sub: userId, role, typ: 'access', ...(sid ? { sid } : {}) };
    return this.jwt.signAsync(claims, { expiresIn: this.cfg.ACCESS_TOKEN_TTL, algorithm: 'HS256' });
  }

  /** The claims of a valid access token, or null (expired, forged, not an access token, or never expiring). */
  async verifyAccess(token: unknown): Promise<AccessClaims | null> {
    if (typeof token !== 'string' || token.length < 20 || token.length > 4096) return null;
    try {
      const c = await this.jwt.verifyAsync<AccessClaims>(token, { algorithms: ['HS256'] });
      // jsonwebtoken accepts a token without exp as valid forever; ours always carry one.
      return c.typ === 'access' && typeof c.sub === 'string' && typeof c.exp === 'number' ? c : null;
    } catch {
      return null;
    }
  }

  /** A new refresh-token secret and the hash stored for it. */
  newRefreshSecret(): { secret: string; hash: string } {
    const secret = randomBytes(32).toString('base64url');
    return { secret, hash: hashSecret(secret) };
  }
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
