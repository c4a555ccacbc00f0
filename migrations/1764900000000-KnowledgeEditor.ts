import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

/** The knowledge base and office values edited in the console (drafts, versions). Table API only: one file for both databases. */
export class KnowledgeEditor1764900000000 implements MigrationInterface {
  name = 'KnowledgeEditor1764900000000';

  public async up(q: QueryRunner): Promise<void> {
    const ts = q.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });
    const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });
    const int = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'integer', isNullable: nullable });
    const time = (name: string): TableColumnOptions => ({ name, type: ts, isNullable: false });
    await q.createTable(
      new Table({
        name: 'knowledge_entries',
        columns: [
          { ...str('id', 80), isPrimary: true },
          str('title', 200),
          text('draft', true),
          int('published_version', true),
          { ...int('latest_version'), default: 0 },
          str('updated_by_id', 36, true),
          time('updated_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'knowledge_versions',
        columns: [
          { ...str('entry_id', 80), isPrimary: true },
          { ...int('version'), isPrimary: true },
          text('content'),
          str('author_id', 36, true),
          str('author_name', 120),
          str('note', 500, true),
          time('created_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'office_values_versions',
        columns: [
          { ...int('version'), isPrimary: true },
          text('data'),
          text('samples'),
          str('author_id', 36, true),
          str('author_name', 120),
          str('note', 500, true),
          time('created_at'),
        ],
      }),
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.dropTable('office_values_versions', true);
    await q.dropTable('knowledge_versions', true);
    await q.dropTable('knowledge_entries', true);
  }
}
