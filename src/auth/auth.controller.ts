import { Body, Controller, Get, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { z } from 'zod';
import { parseInput, ZodBody } from '../console/validation';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { CurrentUser, Principal, Public } from './principal';

const loginSchema = z
  .object({ email: z.string().trim().min(3, 'e-mail wajib diisi').max(200), password: z.string().min(1, 'kata sandi wajib diisi').max(200) })
  .strict();
const refreshSchema = z.object({ refreshToken: z.string().min(10, 'refreshToken wajib diisi').max(200) }).strict();

@ApiTags('auth')
@UseGuards(AuthGuard)
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in: { accessToken (JWT, ~15 min), refreshToken (rotating) }. Rate-limited per e-mail + IP.' })
  @ZodBody(loginSchema)
  login(@Body() body: unknown, @Req() req: Request) {
    const b = parseInput(loginSchema, body);
    return this.auth.login(b.email, b.password, req.ip ?? 'unknown');
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new token pair for a refresh token; the old refresh token stops working (reuse revokes the session).' })
  @ZodBody(refreshSchema)
  refresh(@Body() body: unknown, @Req() req: Request) {
    return this.auth.refresh(parseInput(refreshSchema, body).refreshToken, req.ip ?? 'unknown');
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ZodBody(refreshSchema)
  async logout(@Body() body: unknown): Promise<void> {
    await this.auth.logout(parseInput(refreshSchema, body).refreshToken);
  }

  @Get('me')
  @ApiBearerAuth()
  me(@CurrentUser() p: Principal) {
    return p;
  }
}
