import { Global, Module } from '@nestjs/common';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { SessionRevocation } from './session-revocation';
import { TokenService } from './token.service';
import { UserSeed } from './user-seed';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

/** Officers' accounts, tokens and roles; global so any controller can use AuthGuard. */
@Global()
@Module({
  providers: [TokenService, AuthService, AuthGuard, UsersService, UserSeed, SessionRevocation],
  controllers: [AuthController, UsersController],
  exports: [TokenService, AuthService, AuthGuard, UsersService, SessionRevocation],
})
export class AuthModule {}
