import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DelayedError, Job, UnrecoverableError, Worker } from 'bullmq';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';
import { RealtimeService } from '../realtime/realtime.service';
import { RedisConnections } from '../redis/redis-connections';
import { PermanentSendError, RetryLaterError } from './channel-adapter';
import { ChannelRegistry } from './channel-registry';
import { InboundProcessor } from './inbound.processor';
import { InboundMessage, OutboundJob } from './messages';
import { OutboundSender, SentButUnrecordedError } from './outbound.sender';
import { opsSignals } from '../signals/ops-signals';
import { INBOUND_QUEUE, outboundQueueName } from './queue-names';

/** Starts the BullMQ workers in processes whose HUB_ROLE includes workers. */
@Injectable()
export class HubWorkers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(HubWorkers.name);
  private readonly workers: Worker[] = [];

  constructor(
    @Inject(HUB_CONFIG) private readonly cfg: ResolvedConfig,
    private readonly redis: RedisConnections,
    private readonly registry: ChannelRegistry,
    private readonly inbound: InboundProcessor,
    private readonly sender: OutboundSender,
    private readonly realtime: RealtimeService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.cfg.runsWorkers) return;
    // A worker-only process pushes through a detached emitter: opened (and its Redis connections
    // ready) before any job is taken, or a push made right after start would wait in ioredis's
    // offline queue and be lost if the process died then, though already recorded as made.
    if (!this.cfg.runsApi) await this.realtime.openEmitter();
    this.start(INBOUND_QUEUE, this.cfg.INBOUND_CONCURRENCY, (job: Job<InboundMessage>) => this.inbound.handle(job.data));
    this.registry.onRegister((adapter) =>
      this.start(outboundQueueName(adapter.channel), this.cfg.OUTBOUND_CONCURRENCY, (job: Job<OutboundJob>, token?: string) => this.sendOne(job, token)),
    );
  }

  private start(queue: string, concurrency: number, fn: (job: Job, token?: string) => Promise<unknown>): void {
    // Timed for /metrics (job durations per queue); a delayed retry counts as a failed attempt.
    const timed = async (job: Job, token?: string) => {
      const t0 = performance.now();
      let ok = false;
      try {
        const r = await fn(job, token);
        ok = true;
        return r;
      } finally {
        opsSignals.emit({ kind: 'job', queue, ms: performance.now() - t0, ok });
      }
    };
    const worker = new Worker(queue, timed, {
      connection: this.redis.open(`worker-${queue}`),
      prefix: this.redis.prefix,
      concurrency,
      lockDuration: this.cfg.QUEUE_LOCK_MS,
      stalledInterval: Math.max(1000, Math.floor(this.cfg.QUEUE_LOCK_MS / 2)),
      maxStalledCount: 5,
    });
    worker.on('failed', (job, err) => {
      const final = !!job && job.attemptsMade >= (job.opts.attempts ?? 1);
      this.log.warn(`${queue} job ${job?.id} attempt ${job?.attemptsMade} failed${final ? ' (giving up)' : ''}: ${err.message}`);
      if (final && queue !== INBOUND_QUEUE && job && !(err instanceof UnrecoverableError && err.cause instanceof SentButUnrecordedError)) {
        const id = (job.data as OutboundJob).messageId;
        this.sender.markFailed(id, err.message).catch((e: Error) => this.log.error(`could not mark ${id} failed: ${e.message}`));
      }
    });
    worker.on('error', (err) => this.log.error(`${queue} worker: ${err.message}`));
    this.workers.push(worker);
  }

  private async sendOne(job: Job<OutboundJob>, token?: string): Promise<void> {
    try {
      await this.sender.send(job.data.messageId);
    } catch (err) {
      if (err instanceof RetryLaterError && token) {
        // The vendor told us when to come back (e.g. Telegram retry_after): wait without spending an attempt.
        await job.moveToDelayed(Date.now() + err.delayMs, token);
        throw new DelayedError();
      }
      // Already delivered: a retry would send it twice.
      if (err instanceof SentButUnrecordedError) throw Object.assign(new UnrecoverableError(err.message), { cause: err });
      if (err instanceof PermanentSendError) {
        await this.sender.markFailed(job.data.messageId, err.message);
        throw new UnrecoverableError(err.message);
      }
      throw err;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.close()));
  }
}
