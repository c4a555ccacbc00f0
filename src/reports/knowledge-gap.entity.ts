import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../database/column-types';

export type GapStatus = 'open' | 'answered' | 'out_of_scope' | 'ignored';

/** Similar citizen messages the bot could not answer by itself, grouped by their normalised words. */
@Entity('knowledge_gap_groups')
@Index('idx_gap_groups_signature', ['signature'])
@Index('idx_gap_groups_status_seen', ['status', 'lastSeen'])
export class KnowledgeGapGroup {
  @PrimaryColumn('varchar', { length: 36 }) id!: string;
  /** The sorted distinct content words: equal signatures are the same question. */
  @Column('varchar', { length: 300 }) signature!: string;
  /** The first message's normalised text (entities already markers). */
  @Column('varchar', { length: 500 }) normalized!: string;
  /** The classifier's candidate labels, best first. */
  @Column('simple-json') candidates!: string[];
  @Column('varchar', { length: 16 }) status!: GapStatus;
  /** The knowledge-base entry that now answers it (status 'answered'). */
  @Column('varchar', { length: 80, nullable: true }) entryId!: string | null;
  @Column('integer') total!: number;
  @Column('simple-json') channels!: string[];
  @TimestampColumn() firstSeen!: Date;
  @TimestampColumn() lastSeen!: Date;
  @Column('varchar', { length: 36, nullable: true }) decidedById!: string | null;
  @TimestampColumn({ nullable: true }) decidedAt!: Date | null;
}

/** One unanswered message in a group; its example is already masked. Id derived from the message: a retry records nothing new. */
@Entity('knowledge_gap_events')
@Index('idx_gap_events_created_group', ['createdAt', 'groupId'])
@Index('idx_gap_events_group_created', ['groupId', 'createdAt'])
export class KnowledgeGapEvent {
  @PrimaryColumn('varchar', { length: 36 }) id!: string;
  @Column('varchar', { length: 36 }) groupId!: string;
  @Column('varchar', { length: 36 }) conversationId!: string;
  @Column('varchar', { length: 32 }) channel!: string;
  @Column('varchar', { length: 16 }) outcome!: string;
  @Column('text') example!: string;
  @TimestampColumn() createdAt!: Date;
}
