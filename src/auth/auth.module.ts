import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { SignalsModule } from '../signals/signals.module';
import { AUTH_CONFIG, parseAuthConfig } from './auth.config';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { SessionRevocation } from './session-revocation';
import { TokenService } from './token.service';
import { UserSeed } from './user-seed';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Officers' accounts, tokens and roles; modules with guarded controllers import it. */
@Module({
  imports: [AuditModule, SignalsModule],
  providers: [
    { provide: AUTH_CONFIG, useFactory: () => parseAuthConfig(process.env) },
    TokenService,
    AuthService,
    AuthGuard,
    UsersService,
    UserSeed,
    SessionRevocation,
  ],
  controllers: [AuthController, UsersController],
  exports: [AUTH_CONFIG, TokenService, AuthService, AuthGuard, UsersService, SessionRevocation],
})
export class AuthModule {}
