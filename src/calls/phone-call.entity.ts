import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../database/column-types';

export type PhoneCallState = 'ringing' | 'answered' | 'ended' | 'missed';

/** One call in the call log (start, answer, end, duration, missed), keyed by the PBX's call id. */
@Entity('phone_calls')
@Index(['source', 'callId'], { unique: true })
export class PhoneCall {
  @PrimaryColumn('varchar', { length: 36 }) id!: string;
  @Column('varchar', { length: 16 }) source!: string;
  @Column('varchar', { length: 100 }) callId!: string;
  /** The caller in E.164; null for a withheld or unparseable number. */
  @Column('varchar', { length: 20, nullable: true }) fromNumber!: string | null;
  @Column('varchar', { length: 40, nullable: true }) toNumber!: string | null;
  @Column('varchar', { length: 20, nullable: true }) extension!: string | null;
  /** The officer of that extension when the call reached it. */
  @Index() @Column('varchar', { length: 36, nullable: true }) userId!: string | null;
  @Index() @Column('varchar', { length: 36, nullable: true }) contactId!: string | null;
  /** The conversation the call was noted in (call form) or queued as (missed call). */
  @Column('varchar', { length: 36, nullable: true }) conversationId!: string | null;
  @Column('varchar', { length: 16 }) state!: PhoneCallState;
  @TimestampColumn() startedAt!: Date;
  @TimestampColumn({ nullable: true }) answeredAt!: Date | null;
  @TimestampColumn({ nullable: true }) endedAt!: Date | null;
  /** Seconds from answer to end (0 for a missed call). */
  @Column('integer', { nullable: true }) durationSeconds!: number | null;
  @Column('boolean', { default: false }) missed!: boolean;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;
}

/** Each (source, call, event) once: a PBX repeating an event changes nothing. */
@Entity('phone_call_events')
@Index(['source', 'callId', 'event'], { unique: true })
export class PhoneCallEventReceipt {
  @PrimaryColumn('varchar', { length: 36 }) id!: string;
  @Column('varchar', { length: 16 }) source!: string;
  @Column('varchar', { length: 100 }) callId!: string;
  @Column('varchar', { length: 16 }) event!: string;
  @Column('varchar', { length: 20, nullable: true }) extension!: string | null;
  @TimestampColumn() at!: Date;
  @TimestampColumn() receivedAt!: Date;
}
