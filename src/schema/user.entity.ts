import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../database/column-types';

import type { UserRole } from '../common/principal';

export type { UserRole };

@Entity('users')
export class User {
  @PrimaryColumn('varchar', { length: 36 }) id!: string;
  @Column('varchar', { length: 200, unique: true }) email!: string;
  @Column('varchar', { length: 200 }) name!: string;
  @Column('varchar', { length: 300 }) passwordHash!: string;
  @Column('varchar', { length: 16 }) role!: UserRole;
  /** For role 'agency': which technical agency (PUPR, DLH, Dishub, Dinkes, ...). */
  @Column('varchar', { length: 32, nullable: true }) agencyCode!: string | null;
  @Column('integer', { default: 10 }) capacity!: number;
  /** The officer's telephone extension on the office PBX (call center screen pop); unique when set. */
  @Column('varchar', { length: 20, nullable: true, unique: true }) extension?: string | null;
  @Column('boolean', { default: true }) active!: boolean;
  @TimestampColumn() createdAt!: Date;
  @TimestampColumn() updatedAt!: Date;
}
