import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../database/column-types';

/**
 * A refresh token: only the sha256 of its secret is stored. Tokens rotate at
 * every use; presenting a rotated token again revokes its whole family
 * (a stolen token is then useless to both holders).
 */
@Entity('refresh_tokens')
export class RefreshToken {
  @PrimaryColumn('varchar', { length: 36 }) id!: string;
  @Index() @Column('varchar', { length: 36 }) userId!: string;
  @Index() @Column('varchar', { length: 36 }) familyId!: string;
  @Column('varchar', { length: 64 }) tokenHash!: string;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() expiresAt!: Date;
  @TimestampColumn({ nullable: true }) revokedAt!: Date | null;
  @Column('varchar', { length: 36, nullable: true }) replacedById!: string | null;
  @Column('varchar', { length: 64, nullable: true }) ip!: string | null;
}
