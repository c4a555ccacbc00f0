import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SignalsModule } from '../signals/signals.module';
import { AUTH_CONFIG, parseAuthConfig } from './auth.config';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginLimiterFactory } from './login-limiter.factory';
import { LoginService } from './login.service';
import { PrincipalsService } from './principals.service';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { SessionRevocation } from './session-revocation';
import { SessionsService } from './sessions.service';
import { TokenService } from './token.service';
import { UserSeed } from './user-seed';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

/** Officers' accounts, tokens and roles; modules with guarded controllers import it. */
@Module({
  imports: [AuditModule, SignalsModule],
  providers: [
    { provide: AUTH_CONFIG, useFactory: () => parseAuthConfig(process.env) },
    UsersRepository,
    RefreshTokensRepository,
    TokenService,
    LoginLimiterFactory,
    PrincipalsService,
    SessionsService,
    LoginService,
    AuthService,
    AuthGuard,
    UsersService,
    UserSeed,
    SessionRevocation,
  ],
  controllers: [AuthController, UsersController],
  // The guards need SessionsService and PrincipalsService wherever they guard a controller.
  exports: [AUTH_CONFIG, TokenService, AuthService, SessionsService, PrincipalsService, AuthGuard, UsersService, SessionRevocation],
})
export class AuthModule {}
