import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../database/column-types';

/** A citizen (or business) — one person across every channel they use. */
@Entity('contacts')
export class Contact {
  @PrimaryColumn('varchar', { length: 36 }) id!: string;
  @Column('varchar', { length: 200, nullable: true }) name!: string | null;
  /** E.164; the key that joins WhatsApp, the MPP counter and phone lookups. */
  @Index() @Column('varchar', { length: 20, nullable: true }) phone!: string | null;
  @Column('varchar', { length: 200, nullable: true }) email!: string | null;
  /** Officers' notes on the person (contact panel); optional in code so older row literals stay valid. */
  @Column('text', { nullable: true }) notes?: string | null;
  /** Set when an officer merged this contact into another one. */
  @Column('varchar', { length: 36, nullable: true }) mergedIntoId!: string | null;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;
}
