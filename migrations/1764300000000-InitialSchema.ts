import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

/**
 * The hub's first schema, written with TypeORM's portable Table API so one
 * migration serves PostgreSQL and SQLite.
 */
export class InitialSchema1764300000000 implements MigrationInterface {
  name = 'InitialSchema1764300000000';

  public async up(q: QueryRunner): Promise<void> {
    const ts = q.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    const id = (name = 'id'): TableColumnOptions => ({ name, type: 'varchar', length: '36', isPrimary: true });
    const ref = (name: string, nullable = false): TableColumnOptions => ({ name, type: 'varchar', length: '36', isNullable: nullable });
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });
    const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: ts, isNullable: nullable });

    await q.createTable(
      new Table({
        name: 'contacts',
        columns: [
          id(),
          str('name', 200, true),
          str('phone', 20, true),
          str('email', 200, true),
          ref('merged_into_id', true),
          time('created_at'),
          time('updated_at'),
        ],
        indices: [{ columnNames: ['phone'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'channel_identities',
        columns: [id(), ref('contact_id'), str('kind', 20), str('external_id', 200), str('display_name', 200, true), time('created_at'), time('last_seen_at')],
        indices: [{ columnNames: ['contact_id'] }, { columnNames: ['kind', 'external_id'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'conversations',
        columns: [
          id(),
          { ...str('reference', 32), isUnique: true },
          ref('contact_id'),
          str('kind', 20),
          str('status', 16),
          str('channel', 32),
          ref('identity_id', true),
          ref('team_id', true),
          ref('assignee_id', true),
          str('subject', 200, true),
          { name: 'labels', type: 'text' },
          { name: 'bot_state', type: 'text', isNullable: true },
          time('created_at'),
          time('updated_at'),
          time('last_message_at', true),
          time('waiting_since', true),
          time('first_response_at', true),
          time('resolved_at', true),
        ],
        indices: [{ columnNames: ['contact_id'] }, { columnNames: ['status', 'team_id', 'last_message_at'] }, { columnNames: ['assignee_id', 'status'] }],
      }),
    );
    // At most one unresolved general conversation per citizen, even when two
    // workers handle two of their messages at the same moment.
    await q.createIndex(
      'conversations',
      new TableIndex({
        name: 'uq_conversations_active_contact',
        columnNames: ['contact_id'],
        isUnique: true,
        where: "status <> 'resolved' AND kind = 'general'",
      }),
    );
    await q.createTable(
      new Table({
        name: 'messages',
        columns: [
          id(),
          ref('conversation_id'),
          str('direction', 4),
          str('sender_kind', 10),
          ref('sender_user_id', true),
          str('channel', 32),
          ref('identity_id', true),
          str('external_id', 200, true),
          { ...str('idempotency_key', 120, true), isUnique: true },
          { name: 'text', type: 'text' },
          { name: 'attachments', type: 'text' },
          { name: 'quick_replies', type: 'text', isNullable: true },
          { name: 'is_private', type: 'boolean', default: false },
          str('delivery_status', 12),
          str('delivery_error', 500, true),
          time('handled_at', true),
          time('created_at'),
          time('sent_at', true),
        ],
        indices: [{ columnNames: ['conversation_id', 'created_at'] }, { columnNames: ['channel', 'external_id'], isUnique: true }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'users',
        columns: [
          id(),
          { ...str('email', 200), isUnique: true },
          str('name', 200),
          str('password_hash', 300),
          str('role', 16),
          str('agency_code', 32, true),
          { name: 'capacity', type: 'integer', default: 10 },
          { name: 'active', type: 'boolean', default: true },
          time('created_at'),
          time('updated_at'),
        ],
      }),
    );
    await q.createTable(new Table({ name: 'teams', columns: [id(), { ...str('code', 40), isUnique: true }, str('name', 120), time('created_at')] }));
    await q.createTable(
      new Table({
        name: 'team_members',
        columns: [
          { ...ref('team_id'), isPrimary: true },
          { ...ref('user_id'), isPrimary: true },
        ],
      }),
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of ['team_members', 'teams', 'users', 'messages', 'conversations', 'channel_identities', 'contacts']) {
      await q.dropTable(t, true);
    }
  }
}
