import { Column, Entity, PrimaryColumn } from 'typeorm';
import { TimestampColumn } from '../database/column-types';

/**
 * One knowledge-base entry as the office edits it. `draft` holds the content
 * being edited (JSON of KbContent) until it is published; what citizens get
 * is the version numbered `publishedVersion` (null: not answered at all).
 */
@Entity('knowledge_entries')
export class KnowledgeEntryRow {
  @PrimaryColumn('varchar', { length: 80 }) id!: string;
  /** Title of the draft when there is one, else of the published version (for lists). */
  @Column('varchar', { length: 200 }) title!: string;
  @Column('text', { nullable: true }) draft!: string | null;
  @Column('integer', { nullable: true }) publishedVersion!: number | null;
  /** Highest version number given so far (versions are never reused). */
  @Column('integer', { default: 0 }) latestVersion!: number;
  @Column('varchar', { length: 36, nullable: true }) updatedById!: string | null;
  @TimestampColumn() updatedAt!: Date;
}

/** A published version of an entry: never changed, the history and what a rollback returns to. */
@Entity('knowledge_versions')
export class KnowledgeVersionRow {
  @PrimaryColumn('varchar', { length: 80 }) entryId!: string;
  @PrimaryColumn('integer') version!: number;
  /** JSON of KbContent. */
  @Column('text') content!: string;
  @Column('varchar', { length: 36, nullable: true }) authorId!: string | null;
  @Column('varchar', { length: 120 }) authorName!: string;
  @Column('varchar', { length: 500, nullable: true }) note!: string | null;
  @TimestampColumn() createdAt!: Date;
}

/** The office values behind the {{placeholders}}: every save is a version, the highest one applies. */
@Entity('office_values_versions')
export class OfficeValuesVersionRow {
  @PrimaryColumn('integer') version!: number;
  /** JSON object of dotted key → value. */
  @Column('text') data!: string;
  /** JSON list of keys whose values are demo samples, not the office's. */
  @Column('text') samples!: string;
  @Column('varchar', { length: 36, nullable: true }) authorId!: string | null;
  @Column('varchar', { length: 120 }) authorName!: string;
  @Column('varchar', { length: 500, nullable: true }) note!: string | null;
  @TimestampColumn() createdAt!: Date;
}
