import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../database/column-types';

/** Targets of one team, in working minutes (office hours). */
@Entity('sla_policies')
export class SlaPolicy {
  @PrimaryColumn('varchar', { length: 36 }) teamId!: string;
  @Column('integer') firstResponseMinutes!: number;
  @Column('integer') resolutionMinutes!: number;
  @TimestampColumn() updatedAt!: Date;
}

/** The SLA clock of one conversation since it started waiting for a human. */
@Entity('conversation_sla')
@Index(['firstResponseBreachedAt'])
@Index(['resolutionBreachedAt'])
export class ConversationSla {
  @PrimaryColumn('varchar', { length: 36 }) conversationId!: string;
  /** waitingSince of the hand-off this clock belongs to. */
  @TimestampColumn() startedAt!: Date;
  @TimestampColumn() firstResponseDueAt!: Date;
  @TimestampColumn() resolutionDueAt!: Date;
  @TimestampColumn({ nullable: true }) firstResponseBreachedAt!: Date | null;
  @TimestampColumn({ nullable: true }) resolutionBreachedAt!: Date | null;
}
