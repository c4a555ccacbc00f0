import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transaction-runner';
import { LoginService } from './login.service';
import type { Principal } from '../common/principal';
import { PrincipalsService } from './principals.service';
import { SessionsService, TokenPair } from './sessions.service';

export type { TokenPair } from './sessions.service';
export { toPrincipal } from './principals.service';

/**
 * The auth module's face for other modules (console gateway and controllers): login, sessions and
 * principals in one injectable. Inside src/auth the three services are used directly.
 */
@Injectable()
export class AuthService {
  constructor(
    private readonly logins: LoginService,
    private readonly sessions: SessionsService,
    private readonly principalsService: PrincipalsService,
  ) {}

  login(email: string, password: string, ip: string): Promise<TokenPair> {
    return this.logins.login(email, password, ip);
  }

  refresh(token: string, ip: string): Promise<TokenPair> {
    return this.sessions.refresh(token, ip);
  }

  logout(token: string): Promise<void> {
    return this.sessions.logout(token);
  }

  revokeAll(m: Tx, userId: string): Promise<void> {
    return this.sessions.revokeAll(m, userId);
  }

  sessionEnded(sid: string | undefined): Promise<boolean> {
    return this.sessions.sessionEnded(sid);
  }

  principal(userId: string, fresh = false): Promise<Principal | null> {
    return this.principalsService.principal(userId, fresh);
  }

  principals(ids: string[]): Promise<Principal[]> {
    return this.principalsService.principals(ids);
  }

  forget(userId: string): Promise<void> {
    return this.principalsService.forget(userId);
  }
}
