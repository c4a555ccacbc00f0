import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../database/column-types';

export type MessageDirection = 'in' | 'out';
export type SenderKind = 'citizen' | 'bot' | 'agent' | 'system';
/** received: inbound stored; pending → sent → delivered → read, or failed (outbound). */
export type DeliveryStatus = 'received' | 'pending' | 'sent' | 'delivered' | 'read' | 'failed';

export interface AttachmentMeta {
  kind: 'image' | 'document' | 'audio' | 'video' | 'location' | 'other';
  mimeType?: string;
  size?: number;
  fileName?: string;
  /** Where the hub stored it (relative to DATA_DIR), or the channel's file id. */
  ref?: string;
  latitude?: number;
  longitude?: number;
  /**
   * The vendor's own name of what was sent, when the hub keeps it as-is:
   * 'sticker', or a type it does not understand ('contacts', 'poll', 'unsupported'…).
   */
  rawType?: string;
  /** Length of a voice note or audio, in seconds, when the channel says. */
  durationS?: number;
  /**
   * Outbound only: a public http(s) address instead of a stored file (a
   * knowledge-base picture, or a tutorial video sent as a link button).
   */
  url?: string;
  /** Outbound images: the text alternative (screen readers; the caption where a channel has none). */
  alt?: string;
}

export interface QuickReply {
  /** What is sent back when the citizen taps it. */
  payload: string;
  title: string;
}

@Entity('messages')
@Index(['conversationId', 'createdAt'])
@Index(['channel', 'externalId'], { unique: true })
export class Message {
  @PrimaryColumn('varchar', { length: 36 }) id!: string;
  @Column('varchar', { length: 36 }) conversationId!: string;
  @Column('varchar', { length: 4 }) direction!: MessageDirection;
  @Column('varchar', { length: 10 }) senderKind!: SenderKind;
  @Column('varchar', { length: 36, nullable: true }) senderUserId!: string | null;
  @Column('varchar', { length: 32 }) channel!: string;
  @Column('varchar', { length: 36, nullable: true }) identityId!: string | null;
  /** The channel's own id (wamid, Telegram message id, web chat client id): dedupe key. */
  @Column('varchar', { length: 200, nullable: true }) externalId!: string | null;
  /** Marks an outbound message produced for one inbound one, so a retry never answers twice. */
  @Column('varchar', { length: 120, nullable: true, unique: true }) idempotencyKey!: string | null;
  @Column('text') text!: string;
  @Column('simple-json') attachments!: AttachmentMeta[];
  @Column('simple-json', { nullable: true }) quickReplies!: QuickReply[] | null;
  /** Private notes are for officers only, never sent to the citizen. */
  @Column('boolean', { default: false }) isPrivate!: boolean;
  /**
   * A private note marked "tampilkan ke dinas": the officers of the agencies
   * the conversation is referred to see it (they see no other internal note;
   * src/access: the one visibility rule). Always set on notes agencies write.
   */
  @Column('boolean', { default: false }) forAgency!: boolean;
  @Column('varchar', { length: 12 }) deliveryStatus!: DeliveryStatus;
  @Column('varchar', { length: 500, nullable: true }) deliveryError!: string | null;
  /** Inbound: set once the hub has produced its reply; a re-run only re-sends pending replies. */
  @TimestampColumn({ nullable: true }) handledAt!: Date | null;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn({ nullable: true }) sentAt!: Date | null;
}
