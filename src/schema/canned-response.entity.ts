import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../database/column-types';

/** A prepared answer, typed as `/shortcut` in the console; placeholders filled when used. */
@Entity('canned_responses')
export class CannedResponse {
  @PrimaryColumn('varchar', { length: 36 }) id!: string;
  @Column('varchar', { length: 40, unique: true }) shortcut!: string;
  @Column('varchar', { length: 120 }) title!: string;
  @Column('text') text!: string;
  /** null = for every team. */
  @Column('varchar', { length: 36, nullable: true }) teamId!: string | null;
  @Column('varchar', { length: 36, nullable: true }) createdById!: string | null;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;
}
