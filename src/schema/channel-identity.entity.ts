import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../database/column-types';

/**
 * How a contact is known on one channel family. WhatsApp (both transports)
 * and the MPP counter share the kind 'phone' with an E.164 number, so the
 * same phone is the same contact whichever way it arrived. Messenger and
 * Instagram know a citizen only by a page- or account-scoped id, so the same
 * person on WhatsApp becomes one contact only through a contact merge.
 * 'whatsapp-user' is WhatsApp's business-scoped user id (BSUID), for citizens
 * whose webhooks carry a username and no phone number.
 */
export type IdentityKind = 'phone' | 'telegram' | 'webchat' | 'messenger' | 'instagram' | 'whatsapp-user';

@Entity('channel_identities')
@Index(['kind', 'externalId'], { unique: true })
export class ChannelIdentity {
  @PrimaryColumn('varchar', { length: 36 }) id!: string;
  @Index() @Column('varchar', { length: 36 }) contactId!: string;
  @Column('varchar', { length: 20 }) kind!: IdentityKind;
  @Column('varchar', { length: 200 }) externalId!: string;
  @Column('varchar', { length: 200, nullable: true }) displayName!: string | null;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() lastSeenAt!: Date;
}
