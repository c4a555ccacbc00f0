import { HttpException, HttpStatus, Inject, Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { TransactionRunner } from '../database/transaction-runner';
import { AUTH_CONFIG, AuthConfig } from './auth.config';
import { LoginLimiterFactory } from './login-limiter.factory';
import { verifyPassword } from './passwords';
import { SessionsService, TokenPair } from './sessions.service';
import { UsersRepository } from './users.repository';

const INVALID_LOGIN = 'E-mail atau kata sandi salah.';

/** Password login behind three rate limits. */
@Injectable()
export class LoginService {
  private readonly log = new Logger('Auth');
  private readonly perPair: RateLimiterAbstract;
  private readonly perIp: RateLimiterAbstract;
  private readonly perAccount: RateLimiterAbstract;

  constructor(
    @Inject(AUTH_CONFIG) cfg: AuthConfig,
    limiters: LoginLimiterFactory,
    private readonly tx: TransactionRunner,
    private readonly users: UsersRepository,
    private readonly sessions: SessionsService,
  ) {
    const window = cfg.LOGIN_WINDOW_SECONDS;
    // Guessing one account's password from one address.
    this.perPair = limiters.create('login', cfg.LOGIN_MAX_ATTEMPTS, window);
    // Password spraying over many accounts from one address.
    this.perIp = limiters.create('login-ip', cfg.LOGIN_IP_MAX_ATTEMPTS ?? cfg.LOGIN_MAX_ATTEMPTS * 10, window);
    // One account guessed from many addresses (a botnet, or rotating proxies).
    this.perAccount = limiters.create('login-account', cfg.LOGIN_ACCOUNT_MAX_ATTEMPTS ?? cfg.LOGIN_MAX_ATTEMPTS * 3, window);
  }

  async login(emailRaw: string, password: string, ip: string): Promise<TokenPair> {
    const email = emailRaw.trim().toLowerCase();
    const pair = `${email}|${ip}`;
    await this.countAttempt(email, pair, ip);
    const user = await this.tx.read((m) => this.users.findByEmail(m, email));
    const ok = await verifyPassword(user?.active ? user.passwordHash : null, password);
    if (!ok || !user) {
      this.log.warn(`failed login from ${ip}`);
      throw new UnauthorizedException(INVALID_LOGIN);
    }
    // This pair starts afresh; the account and the address only get this attempt back,
    // so one good login does not wipe failures someone else caused from elsewhere.
    await Promise.all([this.perPair.delete(pair), this.perIp.reward(ip, 1), this.perAccount.reward(email, 1)]);
    return this.sessions.start(user, ip);
  }

  /**
   * Counts the attempt before the password is checked: consume() is one atomic
   * Redis increment, so parallel requests cannot all pass a check made before
   * any of them failed. In order pair → address → account, stopping at the first
   * refusal: an address already refused charges no account, so one address
   * alone cannot lock an account for everyone else.
   */
  private async countAttempt(email: string, pair: string, ip: string): Promise<void> {
    for (const [limiter, key] of [
      [this.perPair, pair],
      [this.perIp, ip],
      [this.perAccount, email],
    ] as const) {
      try {
        await limiter.consume(key, 1);
      } catch (err) {
        if (!(err instanceof RateLimiterRes)) throw err;
        const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
        throw new HttpException(
          {
            statusCode: 429,
            error: 'Too Many Requests',
            message: `Terlalu banyak percobaan masuk. Coba lagi dalam ${Math.ceil(seconds / 60)} menit.`,
            retryAfter: seconds,
          },
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
    }
  }
}
