import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';
import { ChannelRegistry } from '../hub/channel-registry';
import { INBOUND_QUEUE, outboundQueueName } from '../hub/queue-names';
import { QueueService } from '../hub/queue.service';
import { KnowledgeStore } from '../knowledge';
import { RedisConnections } from '../redis/redis-connections';
import { durabilityWarning, embeddedRedisOutcome, redisPersistence } from '../redis/redis-durability';

/** GET /health: database, Redis (and whether it persists), queue depth and channels; 503 when a dependency is down. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HUB_CONFIG) private readonly cfg: ResolvedConfig,
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly redis: RedisConnections,
    private readonly queues: QueueService,
    private readonly registry: ChannelRegistry,
    private readonly knowledge: KnowledgeStore,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([
      () => this.db.pingCheck('database').withTimeout(2000),
      () =>
        this.indicators.check('redis').attempt(async () => {
          const pong = await Promise.race([this.redis.client().ping(), new Promise<never>((_, rej) => setTimeout(() => rej(new Error('timeout')), 1500))]);
          if (pong !== 'PONG') throw new Error(`unexpected ${pong}`);
          // The no-loss promise rests on Redis keeping queued jobs across its own restart (README, Scaling out).
          const persistence = await redisPersistence(this.redis.client()).catch(() => 'unknown' as const);
          const embedded = embeddedRedisOutcome();
          const warning = durabilityWarning(persistence, embedded, this.cfg.NODE_ENV === 'production');
          return { persistence, ...(embedded ? { embedded } : {}), ...(warning ? { warning } : {}) };
        }),
      () =>
        this.indicators.check('queues').attempt(async () => {
          const names = [INBOUND_QUEUE, ...this.registry.all().map((a) => outboundQueueName(a.channel))];
          const depth: Record<string, unknown> = {};
          for (const n of names) depth[n] = await this.queues.get(n).getJobCounts('waiting', 'active', 'delayed', 'failed');
          return { role: this.cfg.HUB_ROLE, depth };
        }),
      () => {
        const channels = Object.fromEntries(this.registry.all().map((a) => [a.channel, a.health()]));
        return this.indicators.check('channels').up({ channels });
      },
      // Informational (never "down"): answers leave out the sentences that need these values.
      async () => this.indicators.check('officeValues').up({ missing: await this.knowledge.missingOfficeValues() }),
      // Informational too: published entries whose picture answers leave out (an external address, a lost file).
      async () => this.indicators.check('knowledgePictures').up({ leftOut: await this.knowledge.picturesLeftOut() }),
    ]);
  }
}
