import { Injectable } from '@nestjs/common';
import { knowledgeChannel } from '../knowledge';
import { RedisConnections } from '../redis/redis-connections';

/** Tells every api and worker process (this one included) to reload the published knowledge base. */
@Injectable()
export class KnowledgeAnnouncer {
  constructor(private readonly redis: RedisConnections) {}

  async announce(): Promise<void> {
    await this.redis.client().publish(knowledgeChannel(this.redis.prefix), `editor:${process.pid}`);
  }
}
