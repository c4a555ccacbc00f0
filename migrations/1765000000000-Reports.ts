import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

/**
 * Reports: why and about what the bot handed a conversation over, knowledge
 * gaps, and the indexes the report queries range over. Plain ADD COLUMN for
 * the two nullable columns: TypeORM's SQLite addColumn rebuilds the table,
 * which would risk the partial unique index on conversations.
 */
export class Reports1765000000000 implements MigrationInterface {
  name = 'Reports1765000000000';

  public async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    const ts = pg ? 'timestamptz' : 'datetime';
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });
    const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: ts, isNullable: nullable });
    const schema = (q.connection.options as { schema?: string }).schema;
    const conversations = pg && schema ? `"${schema}"."conversations"` : 'conversations';
    await q.query(`ALTER TABLE ${conversations} ADD COLUMN handoff_reason varchar(16)`);
    await q.query(`ALTER TABLE ${conversations} ADD COLUMN topic varchar(80)`);
    await q.createIndex('conversations', new TableIndex({ name: 'idx_conversations_created', columnNames: ['created_at'] }));
    await q.createIndex('agency_referrals', new TableIndex({ name: 'idx_referrals_created', columnNames: ['created_at'] }));
    await q.createTable(
      new Table({
        name: 'knowledge_gap_groups',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('signature', 300),
          str('normalized', 500),
          { name: 'candidates', type: 'text' },
          str('status', 16),
          str('entry_id', 80, true),
          { name: 'total', type: 'integer' },
          { name: 'channels', type: 'text' },
          time('first_seen'),
          time('last_seen'),
          str('decided_by_id', 36, true),
          time('decided_at', true),
        ],
        indices: [
          { name: 'idx_gap_groups_signature', columnNames: ['signature'] },
          { name: 'idx_gap_groups_status_seen', columnNames: ['status', 'last_seen'] },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'knowledge_gap_events',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('group_id', 36),
          str('conversation_id', 36),
          str('channel', 32),
          str('outcome', 16),
          { name: 'example', type: 'text' },
          time('created_at'),
        ],
        // Named: TypeORM's generated names sort the columns, so these two would collide.
        indices: [
          { name: 'idx_gap_events_created_group', columnNames: ['created_at', 'group_id'] },
          { name: 'idx_gap_events_group_created', columnNames: ['group_id', 'created_at'] },
        ],
      }),
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.dropTable('knowledge_gap_events', true);
    await q.dropTable('knowledge_gap_groups', true);
    await q.dropIndex('agency_referrals', 'idx_referrals_created');
    await q.dropIndex('conversations', 'idx_conversations_created');
    const schema = (q.connection.options as { schema?: string }).schema;
    const conversations = q.connection.options.type === 'postgres' && schema ? `"${schema}"."conversations"` : 'conversations';
    await q.query(`ALTER TABLE ${conversations} DROP COLUMN topic`);
    await q.query(`ALTER TABLE ${conversations} DROP COLUMN handoff_reason`);
  }
}
