import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../database/column-types';

export type AuditAction =
  | 'auth.login'
  | 'conversation.assign'
  | 'conversation.unassign'
  | 'conversation.transfer'
  | 'conversation.resolve'
  | 'conversation.reopen'
  | 'conversation.refer'
  | 'conversation.call'
  | 'conversation.view'
  | 'conversation.watch'
  | 'conversation.messages'
  | 'canned.render'
  | 'contact.view'
  | 'attachment.view'
  | 'contact.merge'
  | 'contact.update'
  | 'referral.answer'
  | 'referral.overdue'
  | 'sla.breach'
  | 'integrity.flag'
  | 'permit.lookup'
  | 'user.create'
  | 'user.update'
  | 'user.teams'
  | 'team.sla'
  | 'knowledge.publish'
  | 'knowledge.rollback'
  | 'knowledge.unpublish'
  | 'office.values'
  | 'knowledge_gap.decide';

/** Who did what to whom: assignments, transfers, referrals, views of personal data, user changes. */
@Entity('audit_log')
@Index(['targetType', 'targetId'])
@Index(['actorId', 'at'])
export class AuditEntry {
  @PrimaryColumn('varchar', { length: 36 }) id!: string;
  @Index() @TimestampColumn() at!: Date;
  /** null = the system (auto-assignment, SLA timers). */
  @Column('varchar', { length: 36, nullable: true }) actorId!: string | null;
  @Column('varchar', { length: 16, nullable: true }) actorRole!: string | null;
  @Index() @Column('varchar', { length: 40 }) action!: string;
  @Column('varchar', { length: 20 }) targetType!: string;
  @Column('varchar', { length: 36 }) targetId!: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  @Column('simple-json', { nullable: true }) detail!: Record<string, any> | null;
}
