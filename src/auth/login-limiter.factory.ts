import { Injectable } from '@nestjs/common';
import { RateLimiterAbstract, RateLimiterRedis } from 'rate-limiter-flexible';
import { RedisConnections } from '../redis/redis-connections';

/** Builds the login rate limiters: shared by every api process through Redis (unit tests give memory ones). */
@Injectable()
export class LoginLimiterFactory {
  constructor(private readonly redis: RedisConnections) {}

  create(name: string, points: number, durationSeconds: number): RateLimiterAbstract {
    return new RateLimiterRedis({ storeClient: this.redis.client(), keyPrefix: `${this.redis.prefix}:rl:${name}`, points, duration: durationSeconds });
  }
}
