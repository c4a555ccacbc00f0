import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

/** Permit event ids already received (replays change nothing). Table API only, so one migration serves both databases. */
export class PermitEvents1764600000000 implements MigrationInterface {
  name = 'PermitEvents1764600000000';

  public async up(q: QueryRunner): Promise<void> {
    const ts = q.connection.options.type === 'postgres' ? 'timestamptz' : 'datetime';
    const str = (name: string, length: number, nullable = false): TableColumnOptions => ({
      name,
      type: 'varchar',
      length: String(length),
      isNullable: nullable,
    });
    const time = (name: string, nullable = false): TableColumnOptions => ({ name, type: ts, isNullable: nullable });
    await q.createTable(
      new Table({
        name: 'permit_events',
        columns: [
          { ...str('event_id', 100), isPrimary: true },
          str('application_number', 40),
          str('stage', 32),
          str('note', 500, true),
          str('registry', 10),
          { name: 'subscribers', type: 'integer', isNullable: true },
          time('received_at'),
          time('completed_at', true),
        ],
        indices: [{ columnNames: ['application_number'] }],
      }),
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.dropTable('permit_events', true);
  }
}
