import type { Redis } from 'ioredis';

/**
 * Telegram's limits: about 30 messages/s for the bot and 1/s per chat.
 * Each message reserves the next free slot of its chat the first time it
 * tries, so messages to one chat keep their order when they are delayed;
 * then it takes a place in the bot-wide per-second budget.
 * Returns 0 (send now) or how many ms to wait.
 */
const SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local interval = tonumber(ARGV[1])
local perSec = tonumber(ARGV[2])
local slot = tonumber(redis.call('GET', KEYS[2]) or '-1')
if slot < 0 then
  local last = tonumber(redis.call('GET', KEYS[1]) or '-1')
  slot = now
  if last >= 0 and last + interval > now then slot = last + interval end
  redis.call('SET', KEYS[1], slot, 'PX', (slot - now) + interval + 1000)
  if slot > now then redis.call('SET', KEYS[2], slot, 'PX', (slot - now) + 600000) end
end
if slot > now then return slot - now end
local sec = math.floor(now / 1000)
local gk = KEYS[3] .. ':' .. sec
local n = redis.call('INCR', gk)
if n == 1 then redis.call('PEXPIRE', gk, 2000) end
if n > perSec then
  redis.call('SET', KEYS[2], slot, 'PX', 600000)
  return (sec + 1) * 1000 - now
end
redis.call('DEL', KEYS[2])
return 0
`;

export class TelegramRateLimiter {
  constructor(
    private readonly redis: () => Redis,
    private readonly prefix: string,
    private readonly chatIntervalMs: number,
    private readonly perSecond: number,
  ) {}

  async acquire(chatId: string, messageId: string): Promise<number> {
    const p = `${this.prefix}:tg:rl`;
    const wait = await this.redis().eval(
      SCRIPT,
      3,
      `${p}:chat:${chatId}`,
      `${p}:resv:${messageId}`,
      `${p}:global`,
      String(this.chatIntervalMs),
      String(this.perSecond),
    );
    return Number(wait) || 0;
  }
}
