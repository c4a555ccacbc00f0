import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { RedisConnections } from '../redis/redis-connections';
import { BOT_CONFIG, BotConfig } from './bot.config';
import { VERIFICATION_ALERTS, type VerificationAlert, type VerificationAlertSink, type VerificationLimiter } from './bot.ports';

const short = (v: string) => createHash('sha1').update(v).digest('hex').slice(0, 20);

/**
 * Failed identity checks in Redis, so every worker process sees the same
 * counts. A requester (contact) who fails STATUS_MAX_FAILED_VERIFICATIONS
 * times on one application is locked out of it for STATUS_LOCK_MINUTES;
 * nobody else is. Failures of all requesters together are counted per
 * application and overall in a window; passing STATUS_ALERT_APP_FAILURES or
 * STATUS_ALERT_TOTAL_FAILURES tells supervisors, once per window.
 */
@Injectable()
export class RedisVerificationLimiter implements VerificationLimiter {
  private readonly log = new Logger('Verification');

  constructor(
    private readonly redis: RedisConnections,
    @Inject(BOT_CONFIG) private readonly cfg: BotConfig,
    @Inject(VERIFICATION_ALERTS) private readonly alerts: VerificationAlertSink,
  ) {}

  private keys(app: string, requester: string) {
    const base = `${this.redis.prefix}:bot:verify`;
    const a = short(app.toUpperCase());
    const r = short(requester);
    return {
      fails: `${base}:fails:${a}:${r}`,
      lock: `${base}:lock:${a}:${r}`,
      appFails: `${base}:app-fails:${a}`,
      appRequesters: `${base}:app-requesters:${a}`,
      appAlerted: `${base}:app-alerted:${a}`,
      total: `${base}:total-fails`,
      totalRequesters: `${base}:total-requesters`,
      totalAlerted: `${base}:total-alerted`,
      requester: r,
    };
  }

  private get lockMs(): number {
    return this.cfg.STATUS_LOCK_MINUTES * 60_000;
  }

  private get windowMs(): number {
    return this.cfg.STATUS_ALERT_WINDOW_MINUTES * 60_000;
  }

  async lockedForMs(app: string, requester: string): Promise<number> {
    const ttl = await this.redis.client().pttl(this.keys(app, requester).lock);
    return ttl > 0 ? ttl : 0;
  }

  async recordFailure(app: string, requester: string): Promise<{ locked: boolean; attemptsLeft: number; lockedForMs: number }> {
    const k = this.keys(app, requester);
    const w = this.windowMs;
    // Window counters expire from their first failure (NX), so a steady trickle cannot keep them alive forever.
    const res = await this.redis
      .client()
      .multi()
      .incr(k.fails)
      .pexpire(k.fails, this.lockMs)
      .incr(k.appFails)
      .pexpire(k.appFails, w, 'NX')
      .sadd(k.appRequesters, k.requester)
      .pexpire(k.appRequesters, w, 'NX')
      .scard(k.appRequesters)
      .incr(k.total)
      .pexpire(k.total, w, 'NX')
      .sadd(k.totalRequesters, k.requester)
      .pexpire(k.totalRequesters, w, 'NX')
      .scard(k.totalRequesters)
      .exec();
    const n = (i: number) => Number(res?.[i]?.[1] ?? 0);
    await this.maybeAlert('application', app.toUpperCase(), n(2), n(6), this.cfg.STATUS_ALERT_APP_FAILURES, k.appAlerted);
    await this.maybeAlert('overall', undefined, n(7), n(11), this.cfg.STATUS_ALERT_TOTAL_FAILURES, k.totalAlerted);

    const count = n(0);
    const max = this.cfg.STATUS_MAX_FAILED_VERIFICATIONS;
    if (count >= max) {
      await this.redis.client().multi().set(k.lock, '1', 'PX', this.lockMs).del(k.fails).exec();
      return { locked: true, attemptsLeft: 0, lockedForMs: this.lockMs };
    }
    return { locked: false, attemptsLeft: max - count, lockedForMs: 0 };
  }

  async reset(app: string, requester: string): Promise<void> {
    await this.redis.client().del(this.keys(app, requester).fails);
  }

  private async maybeAlert(
    scope: VerificationAlert['scope'],
    applicationNumber: string | undefined,
    failures: number,
    requesters: number,
    threshold: number,
    alertedKey: string,
  ): Promise<void> {
    if (failures < threshold) return;
    // Once per window, whichever process counted the failure that crossed the line.
    if ((await this.redis.client().set(alertedKey, '1', 'PX', this.windowMs, 'NX')) !== 'OK') return;
    const alert: VerificationAlert = {
      scope,
      ...(applicationNumber ? { applicationNumber } : {}),
      failures,
      requesters,
      threshold,
      windowMinutes: this.cfg.STATUS_ALERT_WINDOW_MINUTES,
      at: new Date().toISOString(),
    };
    this.log.warn(
      `verification alert: ${failures} failed checks by ${requesters} requesters in ${alert.windowMinutes} min on ${applicationNumber ?? 'all applications'}`,
    );
    this.alerts.raise(alert);
  }
}
