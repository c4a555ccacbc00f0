import { Redis } from 'ioredis';

/**
 * Both per-message limits of the web chat (per visitor, per client address)
 * in one Redis round trip. Each is a fixed window counted the way
 * rate-limiter-flexible's RateLimiterRedis counts (same keys, same
 * SET NX EX + INCRBY + PTTL), so the session limiter beside it and any
 * window already running agree. The address is charged only when the
 * visitor is within their limit, and a refusal by the address gives the
 * visitor their point back: not their doing.
 * Returns {0, 0} when the message may go on, {1, ms} (visitor) or {2, ms}
 * (address) with the time until that window ends.
 */
const SCRIPT = `
local function take(key, duration)
  redis.call('set', key, 0, 'EX', duration, 'NX')
  local n = redis.call('incrby', key, 1)
  local ttl = redis.call('pttl', key)
  if ttl == -1 then
    redis.call('expire', key, duration)
    ttl = 1000 * duration
  end
  return n, ttl
end
local v, vttl = take(KEYS[1], ARGV[2])
if v > tonumber(ARGV[1]) then return {1, vttl} end
local a, attl = take(KEYS[2], ARGV[4])
if a > tonumber(ARGV[3]) then
  redis.call('decrby', KEYS[1], 1)
  return {2, attl}
end
return {0, 0}
`;

export type LimitVerdict = { ok: true } | { ok: false; by: 'visitor' | 'address'; msBeforeNext: number };

interface WithScript extends Redis {
  webchatMessageLimits(visitorKey: string, addressKey: string, ...args: string[]): Promise<[number, number]>;
}

export class WebchatMessageLimits {
  private readonly client: WithScript;

  constructor(
    client: Redis,
    private readonly prefix: string,
    private readonly perVisitor: { points: number; seconds: number },
    private readonly perAddress: { points: number; seconds: number },
  ) {
    if (!('webchatMessageLimits' in client)) client.defineCommand('webchatMessageLimits', { numberOfKeys: 2, lua: SCRIPT });
    this.client = client as WithScript;
  }

  async consume(visitorKey: string, address: string): Promise<LimitVerdict> {
    // Redis away: fail at once (the ack says so) instead of queueing the command until it is back.
    if (this.client.status !== 'ready') throw new Error(`Redis is ${this.client.status}`);
    const [by, ms] = await this.client.webchatMessageLimits(
      `${this.prefix}:rl:webchat:${visitorKey}`,
      `${this.prefix}:rl:webchat-ip:${address}`,
      String(this.perVisitor.points),
      String(this.perVisitor.seconds),
      String(this.perAddress.points),
      String(this.perAddress.seconds),
    );
    return by === 0 ? { ok: true } : { ok: false, by: by === 1 ? 'visitor' : 'address', msBeforeNext: Number(ms) };
  }
}
