import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../database/column-types';

export type ReferralStatus = 'open' | 'answered' | 'cancelled';

/** A question passed to a technical agency (PUPR, DLH, ...) with a due date in working days. */
@Entity('agency_referrals')
@Index(['agencyCode', 'status'])
@Index(['status', 'dueAt'])
export class AgencyReferral {
  @PrimaryColumn('varchar', { length: 36 }) id!: string;
  @Index() @Column('varchar', { length: 36 }) conversationId!: string;
  @Column('varchar', { length: 32 }) agencyCode!: string;
  @Column('varchar', { length: 16 }) status!: ReferralStatus;
  @Column('text') question!: string;
  @Column('text', { nullable: true }) answer!: string | null;
  /** Local date (YYYY-MM-DD) shown to the citizen; dueAt is the end of that office day. */
  @Column('varchar', { length: 10 }) dueDate!: string;
  @TimestampColumn() dueAt!: Date;
  @Column('varchar', { length: 36 }) createdById!: string;
  @Column('varchar', { length: 36, nullable: true }) answeredById!: string | null;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn({ nullable: true }) answeredAt!: Date | null;
  /** Set when the due date passed unanswered and supervisors were alerted. */
  @TimestampColumn({ nullable: true }) escalatedAt!: Date | null;
}
