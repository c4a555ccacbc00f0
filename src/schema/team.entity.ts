import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../database/column-types';

@Entity('teams')
export class Team {
  @PrimaryColumn('varchar', { length: 36 }) id!: string;
  @Column('varchar', { length: 40, unique: true }) code!: string;
  @Column('varchar', { length: 120 }) name!: string;
  @TimestampColumn() createdAt!: Date;
}

@Entity('team_members')
export class TeamMember {
  @PrimaryColumn('varchar', { length: 36 }) teamId!: string;
  @PrimaryColumn('varchar', { length: 36 }) userId!: string;
}
