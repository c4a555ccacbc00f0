import { Module } from '@nestjs/common';
import { KnowledgeRepository } from './knowledge.repository';
import { KnowledgeStore } from './knowledge-store.service';

/** The stored knowledge base and office values (the editor writes them, the bot reads the published ones). */
@Module({ providers: [KnowledgeRepository, KnowledgeStore], exports: [KnowledgeRepository, KnowledgeStore] })
export class KnowledgeModule {}
