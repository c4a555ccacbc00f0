import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

/**
 * The live console: refresh tokens, audit log, canned responses, agency
 * referrals, SLA policies and clocks, and the indexes the console's lists
 * need. Table API only, so one migration serves PostgreSQL and SQLite.
 */
export class Console1764500000000 implements MigrationInterface {
  name = 'Console1764500000000';

  public async up(q: QueryRunner): Promise<void> {
    const ts = q.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });
    const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: ts, isNullable: nullable });
    const text = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'text', isNullable: nullable });

    await q.createTable(
      new Table({
        name: 'refresh_tokens',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('user_id', 36),
          str('family_id', 36),
          str('token_hash', 64),
          time('created_at'),
          time('expires_at'),
          time('revoked_at', true),
          str('replaced_by_id', 36, true),
          str('ip', 64, true),
        ],
        indices: [{ columnNames: ['user_id'] }, { columnNames: ['family_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'audit_log',
        columns: [
          { ...str('id', 36), isPrimary: true },
          time('at'),
          str('actor_id', 36, true),
          str('actor_role', 16, true),
          str('action', 40),
          str('target_type', 20),
          str('target_id', 36),
          text('detail', true),
        ],
        indices: [{ columnNames: ['at'] }, { columnNames: ['action'] }, { columnNames: ['target_type', 'target_id'] }, { columnNames: ['actor_id', 'at'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'canned_responses',
        columns: [
          { ...str('id', 36), isPrimary: true },
          { ...str('shortcut', 40), isUnique: true },
          str('title', 120),
          text('text'),
          str('team_id', 36, true),
          str('created_by_id', 36, true),
          time('created_at'),
          time('updated_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'agency_referrals',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('conversation_id', 36),
          str('agency_code', 32),
          str('status', 16),
          text('question'),
          text('answer', true),
          str('due_date', 10),
          time('due_at'),
          str('created_by_id', 36),
          str('answered_by_id', 36, true),
          time('created_at'),
          time('answered_at', true),
          time('escalated_at', true),
        ],
        indices: [{ columnNames: ['conversation_id'] }, { columnNames: ['agency_code', 'status'] }, { columnNames: ['status', 'due_at'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'sla_policies',
        columns: [
          { ...str('team_id', 36), isPrimary: true },
          { name: 'first_response_minutes', type: 'integer' },
          { name: 'resolution_minutes', type: 'integer' },
          time('updated_at'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'conversation_sla',
        columns: [
          { ...str('conversation_id', 36), isPrimary: true },
          time('started_at'),
          time('first_response_due_at'),
          time('resolution_due_at'),
          time('first_response_breached_at', true),
          time('resolution_breached_at', true),
        ],
        indices: [{ columnNames: ['first_response_breached_at'] }, { columnNames: ['resolution_breached_at'] }],
      }),
    );
    // The console's inbox: a team's (or an officer's) conversations, newest activity first.
    await q.createIndex(
      'conversations',
      new TableIndex({ name: 'ix_conversations_team_activity', columnNames: ['team_id', 'status', 'last_message_at', 'id'] }),
    );
    await q.createIndex('conversations', new TableIndex({ name: 'ix_conversations_activity', columnNames: ['last_message_at', 'id'] }));
    await q.createIndex('conversations', new TableIndex({ name: 'ix_conversations_updated', columnNames: ['updated_at'] }));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.dropIndex('conversations', 'ix_conversations_updated');
    await q.dropIndex('conversations', 'ix_conversations_activity');
    await q.dropIndex('conversations', 'ix_conversations_team_activity');
    for (const t of ['conversation_sla', 'sla_policies', 'agency_referrals', 'canned_responses', 'audit_log', 'refresh_tokens']) await q.dropTable(t, true);
  }
}
