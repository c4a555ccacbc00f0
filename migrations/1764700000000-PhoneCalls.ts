import { MigrationInterface, QueryRunner, Table, TableColumn, TableColumnOptions } from 'typeorm';

/** The call center: officers' PBX extensions, the call log and its received events. Table API only (PostgreSQL and SQLite). */
export class PhoneCalls1764700000000 implements MigrationInterface {
  name = 'PhoneCalls1764700000000';

  public async up(q: QueryRunner): Promise<void> {
    const ts = q.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });
    const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: ts, isNullable: nullable });
    await q.addColumn('users', new TableColumn({ ...str('extension', 20, true), isUnique: true }));
    await q.createTable(
      new Table({
        name: 'phone_calls',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('source', 16),
          str('call_id', 100),
          str('from_number', 20, true),
          str('to_number', 40, true),
          str('extension', 20, true),
          str('user_id', 36, true),
          str('contact_id', 36, true),
          str('conversation_id', 36, true),
          str('state', 16),
          time('started_at'),
          time('answered_at', true),
          time('ended_at', true),
          { name: 'duration_seconds', type: 'integer', isNullable: true },
          { name: 'missed', type: 'boolean', default: false },
          time('created_at'),
          time('updated_at'),
        ],
        indices: [{ columnNames: ['source', 'call_id'], isUnique: true }, { columnNames: ['user_id'] }, { columnNames: ['contact_id'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'phone_call_events',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('source', 16),
          str('call_id', 100),
          str('event', 16),
          str('extension', 20, true),
          time('at'),
          time('received_at'),
        ],
        indices: [{ columnNames: ['source', 'call_id', 'event'], isUnique: true }],
      }),
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.dropTable('phone_call_events', true);
    await q.dropTable('phone_calls', true);
    await q.dropColumn('users', 'extension');
  }
}
