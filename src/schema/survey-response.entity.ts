import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../database/column-types';

/**
 * One respondent's answers (1–4 per element, null when skipped) and
 * suggestion. One per invitation (unique): a repeated submission changes
 * nothing. Grouping fields are copied from the invitation for the report.
 */
@Entity('survey_responses')
@Index(['answeredAt', 'channel'])
export class SurveyResponse {
  @PrimaryColumn('varchar', { length: 36 }) id!: string;
  @Column('varchar', { length: 36, unique: true }) invitationId!: string;
  @Column('varchar', { length: 10 }) source!: 'chat' | 'walkin';
  @Column('varchar', { length: 32 }) channel!: string;
  @Column('varchar', { length: 36, nullable: true }) teamId!: string | null;
  @Column('varchar', { length: 120, nullable: true }) permitType!: string | null;
  @Column('varchar', { length: 2 }) lang!: 'id' | 'en';
  @Column('smallint', { nullable: true }) u1!: number | null;
  @Column('smallint', { nullable: true }) u2!: number | null;
  @Column('smallint', { nullable: true }) u3!: number | null;
  @Column('smallint', { nullable: true }) u4!: number | null;
  @Column('smallint', { nullable: true }) u5!: number | null;
  @Column('smallint', { nullable: true }) u6!: number | null;
  @Column('smallint', { nullable: true }) u7!: number | null;
  @Column('smallint', { nullable: true }) u8!: number | null;
  @Column('smallint', { nullable: true }) u9!: number | null;
  @Column('varchar', { length: 1000, nullable: true }) suggestion!: string | null;
  @TimestampColumn() answeredAt!: Date;
}
