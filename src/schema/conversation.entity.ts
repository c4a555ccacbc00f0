import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../database/column-types';

/**
 * bot → pending (waiting for a human) → open (assigned) → resolved.
 * A message after 'resolved' opens a new conversation that starts with the bot.
 */
export type ConversationStatus = 'bot' | 'pending' | 'open' | 'resolved';
export const CONVERSATION_STATUSES: ConversationStatus[] = ['bot', 'pending', 'open', 'resolved'];
export type ConversationKind = 'general' | 'complaint';

/** Opaque to the hub; the bot owns its shape. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type BotState = Record<string, any>;

@Entity('conversations')
@Index(['status', 'teamId', 'lastMessageAt'])
@Index(['assigneeId', 'status'])
export class Conversation {
  @PrimaryColumn('varchar', { length: 36 }) id!: string;
  /** Human-readable number shown to officers and citizens (e.g. complaint reference). */
  @Column('varchar', { length: 32, unique: true }) reference!: string;
  @Index() @Column('varchar', { length: 36 }) contactId!: string;
  @Column('varchar', { length: 20 }) kind!: ConversationKind;
  @Column('varchar', { length: 16 }) status!: ConversationStatus;
  /** Channel and identity of the citizen's latest message: replies go back there. */
  @Column('varchar', { length: 32 }) channel!: string;
  @Column('varchar', { length: 36, nullable: true }) identityId!: string | null;
  @Column('varchar', { length: 36, nullable: true }) teamId!: string | null;
  @Column('varchar', { length: 36, nullable: true }) assigneeId!: string | null;
  @Column('varchar', { length: 200, nullable: true }) subject!: string | null;
  @Column('simple-json') labels!: string[];
  /** Dialogue state owned by the bot (current flow, pending question, failures). */
  @Column('simple-json', { nullable: true }) botState!: BotState | null;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;
  @TimestampColumn({ nullable: true }) lastMessageAt!: Date | null;
  /** When the conversation started waiting for a human (hand-off). */
  @TimestampColumn({ nullable: true }) waitingSince!: Date | null;
  @TimestampColumn({ nullable: true }) firstResponseAt!: Date | null;
  @TimestampColumn({ nullable: true }) resolvedAt!: Date | null;
  /** Why the bot handed the conversation to a person (request, misunderstood, overdue, files); for reports. */
  @Column('varchar', { length: 16, nullable: true }) handoffReason?: string | null;
  /** The last knowledge-base entry the bot answered in it; for reports. */
  @Column('varchar', { length: 80, nullable: true }) topic?: string | null;
}
