import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { INBOUND_QUEUE, QueueService } from '../hub/ports';
import { opsSignals, type OpsSignal } from '../signals/ops-signals';

const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed', 'prioritized'] as const;

/**
 * Prometheus metrics of this process (each api and worker process is
 * scraped on its own): counters fed by the ops signal bus, queue depths read
 * from Redis at scrape time, and prom-client's process metrics. A registry
 * per instance, so several hubs in one test process do not collide.
 */
@Injectable()
export class MetricsService implements OnModuleInit, OnModuleDestroy {
  readonly registry = new Registry();
  private off?: () => void;
  private readonly messages = new Counter({
    name: 'hub_messages_total',
    help: 'Messages received (in) and sent (out), per channel',
    labelNames: ['direction', 'channel'],
    registers: [this.registry],
  });
  private readonly jobs = new Histogram({
    name: 'hub_job_duration_seconds',
    help: 'Time a queue job took in this worker, per queue and outcome',
    labelNames: ['queue', 'outcome'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private readonly decisions = new Counter({
    name: 'hub_bot_decisions_total',
    help: 'What the bot did with a citizen message: answer, clarify, fallback, handoff',
    labelNames: ['outcome'],
    registers: [this.registry],
  });
  private readonly handoffs = new Counter({
    name: 'hub_handoffs_total',
    help: 'Conversations the bot handed to a person, per reason',
    labelNames: ['reason'],
    registers: [this.registry],
  });
  private readonly breaches = new Counter({
    name: 'hub_sla_breaches_total',
    help: 'SLA targets missed, per kind',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  private readonly overdue = new Counter({
    name: 'hub_referrals_overdue_total',
    help: 'Agency referrals that passed their due date unanswered, per agency',
    labelNames: ['agency'],
    registers: [this.registry],
  });
  private readonly rejections = new Counter({
    name: 'hub_webhook_rejections_total',
    help: 'Webhook calls refused (bad signature or token), per path and status',
    labelNames: ['path', 'status'],
    registers: [this.registry],
  });

  constructor(private readonly queues: QueueService) {
    collectDefaultMetrics({ register: this.registry, prefix: 'hub_' });
    const queues_ = this.queues;
    new Gauge({
      name: 'hub_queue_depth',
      help: 'Jobs in a queue, per state (read from Redis when scraped)',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        const names = [...new Set([INBOUND_QUEUE, ...queues_.known()])];
        await Promise.all(
          names.map(async (name) => {
            const counts = await queues_.get(name).getJobCounts(...QUEUE_STATES);
            for (const s of QUEUE_STATES) this.set({ queue: name, state: s }, counts[s] ?? 0);
          }),
        );
      },
    });
  }

  onModuleInit(): void {
    this.off = opsSignals.on((s) => this.count(s));
  }

  onModuleDestroy(): void {
    this.off?.();
  }

  webhookRejected(path: string, status: number): void {
    this.rejections.inc({ path, status: String(status) });
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  private count(s: OpsSignal): void {
    switch (s.kind) {
      case 'message':
        return this.messages.inc({ direction: s.direction, channel: s.channel });
      case 'job':
        return this.jobs.observe({ queue: s.queue, outcome: s.ok ? 'ok' : 'failed' }, s.ms / 1000);
      case 'bot.turn':
        this.decisions.inc({ outcome: s.outcome });
        if (s.outcome === 'handoff') this.handoffs.inc({ reason: s.handoffReason ?? 'other' });
        return;
      case 'sla.breached':
        return this.breaches.inc({ kind: s.slaKind });
      case 'referral.overdue':
        return this.overdue.inc({ agency: s.agencyCode });
    }
  }
}
