import { Body, Controller, ForbiddenException, Get, HttpCode, Inject, Post, Req, Res, UnauthorizedException, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { CookieOptions, Request, Response } from 'express';
import { AUTH_CONFIG, AuthConfig } from './auth.config';
import { parseInput, ZodBody } from '../common/validation';
import { AuthGuard } from './auth.guard';
import { loginSchema, logoutSchema, refreshSchema } from './auth.dto';
import { LoginService } from './login.service';
import { CurrentUser, Principal, Public } from '../common/principal';
import { SessionsService, TokenPair } from './sessions.service';

/**
 * Two ways to hold the refresh token:
 * - API clients (scripts, integrations) get it in the login/refresh response
 *   body and send it back in the body, as before.
 * - The web console sends `X-Refresh-Cookie: 1`: the token is then set as an
 *   httpOnly, SameSite=Strict cookie on /api/auth only (Secure over https) and
 *   left out of the body, so page scripts never see it. Refresh and logout
 *   read the cookie only when that header is there too: a custom header
 *   cannot be sent cross-site without a CORS preflight, which the hub does not
 *   grant — CSRF protection on top of SameSite.
 * A token in the body always wins over the cookie.
 */
export const REFRESH_COOKIE = 'sipinter_refresh';
export const COOKIE_MODE_HEADER = 'x-refresh-cookie';
const COOKIE_PATH = '/api/auth';

const cookieMode = (req: Request) => req.headers[COOKIE_MODE_HEADER] === '1';

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) {
      try {
        return decodeURIComponent(part.slice(i + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

@ApiTags('auth')
@UseGuards(AuthGuard)
@Controller('api/auth')
export class AuthController {
  constructor(
    private readonly logins: LoginService,
    private readonly sessions: SessionsService,
    @Inject(AUTH_CONFIG) private readonly cfg: AuthConfig,
  ) {}

  private cookieOptions(req: Request): CookieOptions {
    return { httpOnly: true, sameSite: 'strict', path: COOKIE_PATH, secure: req.secure };
  }

  /** In cookie mode: the refresh token goes into the cookie and out of the body. */
  private respond(req: Request, res: Response, pair: TokenPair, viaCookie: boolean): TokenPair | Omit<TokenPair, 'refreshToken'> {
    if (!viaCookie) return pair;
    res.cookie(REFRESH_COOKIE, pair.refreshToken, { ...this.cookieOptions(req), maxAge: this.cfg.REFRESH_TOKEN_TTL * 1000 });
    const { refreshToken: _omitted, ...body } = pair;
    return body;
  }

  private clearCookie(req: Request, res: Response): void {
    res.clearCookie(REFRESH_COOKIE, this.cookieOptions(req));
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Sign in: { accessToken (JWT, ~15 min), refreshToken (rotating) }. With X-Refresh-Cookie: 1 the refresh token is an httpOnly cookie instead. Rate-limited per e-mail + IP, per e-mail and per IP.',
  })
  @ApiHeader({ name: 'X-Refresh-Cookie', required: false, description: '1 = keep the refresh token in an httpOnly cookie (the web console)' })
  @ZodBody(loginSchema)
  async login(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const b = parseInput(loginSchema, body);
    const pair = await this.logins.login(b.email, b.password, req.ip ?? 'unknown');
    return this.respond(req, res, pair, cookieMode(req));
  }

  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'A new token pair for a refresh token (body, or the cookie with X-Refresh-Cookie: 1); the old refresh token stops working (reuse revokes the session).',
  })
  @ApiHeader({ name: 'X-Refresh-Cookie', required: false, description: '1 = use and renew the refresh-token cookie' })
  @ZodBody(refreshSchema)
  async refresh(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response) {
    const given = parseInput(refreshSchema, body ?? {}).refreshToken;
    if (given) return this.sessions.refresh(given, req.ip ?? 'unknown');
    const cookie = readCookie(req, REFRESH_COOKIE);
    if (!cookie) throw new UnauthorizedException('Sesi berakhir, silakan masuk kembali.');
    if (!cookieMode(req)) throw new ForbiddenException('Permintaan ditolak: header X-Refresh-Cookie wajib untuk sesi berbasis cookie.');
    try {
      return this.respond(req, res, await this.sessions.refresh(cookie, req.ip ?? 'unknown'), true);
    } catch (err) {
      if (err instanceof UnauthorizedException) this.clearCookie(req, res);
      throw err;
    }
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @ApiOperation({ summary: 'Ends the session of a refresh token (body, or the cookie with X-Refresh-Cookie: 1) and clears the cookie.' })
  @ZodBody(logoutSchema)
  async logout(@Body() body: unknown, @Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    const given = parseInput(logoutSchema, body ?? {}).refreshToken;
    const token = given ?? (cookieMode(req) ? readCookie(req, REFRESH_COOKIE) : undefined);
    if (token) await this.sessions.logout(token);
    this.clearCookie(req, res);
  }

  @Get('me')
  @ApiBearerAuth()
  me(@CurrentUser() p: Principal) {
    return p;
  }
}
