import { Controller, Get, NotFoundException, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminGuard } from '../auth/admin.guard';
import { ChannelRegistry } from './channel-registry';
import { INBOUND_QUEUE, outboundQueueName } from './queue-names';
import { QueueService } from './queue.service';

/** Jobs that exhausted their retries: visible, and retryable by an administrator. */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('api/admin/queues')
export class AdminQueuesController {
  constructor(
    private readonly queues: QueueService,
    private readonly registry: ChannelRegistry,
  ) {}

  private names(): string[] {
    return [INBOUND_QUEUE, ...this.registry.all().map((a) => outboundQueueName(a.channel))];
  }

  @Get()
  async counts() {
    const out: Record<string, Record<string, number>> = {};
    for (const name of this.names()) out[name] = await this.queues.get(name).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed');
    return out;
  }

  @Get('failed')
  async failed(@Query('limit') limit = '100') {
    const n = Math.min(Math.max(parseInt(limit, 10) || 100, 1), 1000);
    const jobs = [];
    for (const name of this.names()) {
      for (const j of await this.queues.get(name).getFailed(0, n - 1)) {
        jobs.push({
          queue: name,
          id: j.id,
          name: j.name,
          attemptsMade: j.attemptsMade,
          failedReason: j.failedReason,
          failedAt: j.finishedOn ? new Date(j.finishedOn).toISOString() : null,
          data: j.name === 'send' ? j.data : { messageId: (j.data as { messageId?: string }).messageId, channel: (j.data as { channel?: string }).channel },
        });
      }
    }
    return { jobs };
  }

  @Post(':queue/jobs/:id/retry')
  async retry(@Param('queue') queue: string, @Param('id') id: string) {
    if (!this.names().includes(queue)) throw new NotFoundException(`unknown queue ${queue}`);
    const job = await this.queues.get(queue).getJob(id);
    if (!job) throw new NotFoundException(`no job ${id} in ${queue}`);
    if (!(await job.isFailed())) return { retried: false, reason: 'job is not failed' };
    await job.retry('failed');
    return { retried: true };
  }
}
