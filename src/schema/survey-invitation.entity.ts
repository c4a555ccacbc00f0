import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../database/column-types';

export type SurveySource = 'chat' | 'walkin';
export type InvitationStatus = 'invited' | 'declined' | 'answered';

/**
 * One offer of the IKM survey: to a citizen after their conversation was
 * resolved (source chat), or a walk-in's QR at the MPP counter. Its token is
 * the /survei/<token> link, good for one response. Channel, team and permit
 * type are copied here when it is made, so the report groups answers by the
 * service that was rated, not by where the citizen is now.
 */
@Entity('survey_invitations')
@Index(['contactId', 'createdAt'])
export class SurveyInvitation {
  @PrimaryColumn('varchar', { length: 36 }) id!: string;
  @Column('varchar', { length: 64, unique: true }) token!: string;
  @Column('varchar', { length: 10 }) source!: SurveySource;
  @Column('varchar', { length: 16 }) status!: InvitationStatus;
  @Column('varchar', { length: 36, nullable: true }) contactId!: string | null;
  /** The conversation that was rated (chat), or none (walk-in). */
  @Index({ unique: true }) @Column('varchar', { length: 36, nullable: true }) conversationId!: string | null;
  @Column('varchar', { length: 32 }) channel!: string;
  @Column('varchar', { length: 36, nullable: true }) teamId!: string | null;
  @Column('varchar', { length: 120, nullable: true }) permitType!: string | null;
  @Column('varchar', { length: 2 }) lang!: 'id' | 'en';
  /** The officer who made a walk-in token. */
  @Column('varchar', { length: 36, nullable: true }) createdBy!: string | null;
  @Index() @TimestampColumn() createdAt!: Date;
  @TimestampColumn() expiresAt!: Date;
}
