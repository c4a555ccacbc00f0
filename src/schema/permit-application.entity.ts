import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../database/column-types';

/** The local registry of permit applications (imported from the office's CSV export). */
@Entity('permit_applications')
export class PermitApplicationRow {
  @PrimaryColumn('varchar', { length: 40 }) number!: string;
  @Column('varchar', { length: 120 }) permitType!: string;
  @Column('varchar', { length: 200 }) applicantName!: string;
  @Column('varchar', { length: 4 }) nikLast4!: string;
  @Column('varchar', { length: 64, nullable: true }) nikHash!: string | null;
  @Column('varchar', { length: 20, nullable: true }) phone!: string | null;
  @Column('varchar', { length: 32 }) stage!: string;
  @TimestampColumn() stageSince!: Date;
  @TimestampColumn() submittedAt!: Date;
  @Column('integer') serviceStandardDays!: number;
  @Column('varchar', { length: 500, nullable: true }) nextAction!: string | null;
  @Column('varchar', { length: 80, nullable: true }) agencyPending!: string | null;
  @TimestampColumn() updatedAt!: Date;
}

/** "Kabari saya kalau izinnya sudah terbit": who to tell, on which channel. */
@Entity('permit_subscriptions')
@Index(['applicationNumber', 'contactId'], { unique: true })
export class PermitSubscription {
  @PrimaryColumn('varchar', { length: 36 }) id!: string;
  @Column('varchar', { length: 40 }) applicationNumber!: string;
  @Index() @Column('varchar', { length: 36 }) contactId!: string;
  @Column('varchar', { length: 32 }) channel!: string;
  @Column('varchar', { length: 36, nullable: true }) identityId!: string | null;
  /** The citizen proved they are the applicant before subscribing. */
  @Column('boolean', { default: false }) verified!: boolean;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn({ nullable: true }) notifiedAt!: Date | null;
}

/**
 * One permit event as first received: its id is the primary key, written in
 * the same transaction as the registry change, so a re-delivered event (even
 * one older than events applied since) changes nothing.
 */
@Entity('permit_events')
export class PermitEventReceipt {
  @PrimaryColumn('varchar', { length: 100 }) eventId!: string;
  @Column('varchar', { length: 40 }) applicationNumber!: string;
  @Column('varchar', { length: 32 }) stage!: string;
  @Column('varchar', { length: 500, nullable: true }) note!: string | null;
  /** What the event did to the local registry: 'updated', 'stale' or 'unknown'. */
  @Column('varchar', { length: 10 }) registry!: string;
  /** Subscribers told (or asked to be told) of this event; set when the fan-out finished. */
  @Column('integer', { nullable: true }) subscribers!: number | null;
  @TimestampColumn() receivedAt!: Date;
  /** Null while the notifications are still being written: a re-delivery then finishes them. */
  @TimestampColumn({ nullable: true }) completedAt!: Date | null;
}
