import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

/** The IKM survey: invitations (chat and walk-in tokens) and responses. Table API only, so one migration serves both databases. */
export class Survey1764800000000 implements MigrationInterface {
  name = 'Survey1764800000000';

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
        name: 'survey_invitations',
        columns: [
          { ...str('id', 36), isPrimary: true },
          { ...str('token', 64), isUnique: true },
          str('source', 10),
          str('status', 16),
          str('contact_id', 36, true),
          str('conversation_id', 36, true),
          str('channel', 32),
          str('team_id', 36, true),
          str('permit_type', 120, true),
          str('lang', 2),
          str('created_by', 36, true),
          time('created_at'),
          time('expires_at'),
        ],
        indices: [{ columnNames: ['contact_id', 'created_at'] }, { columnNames: ['conversation_id'], isUnique: true }, { columnNames: ['created_at'] }],
      }),
    );
    const answer = (name: string): TableColumnOptions => ({ name, type: 'smallint', isNullable: true });
    await q.createTable(
      new Table({
        name: 'survey_responses',
        columns: [
          { ...str('id', 36), isPrimary: true },
          { ...str('invitation_id', 36), isUnique: true },
          str('source', 10),
          str('channel', 32),
          str('team_id', 36, true),
          str('permit_type', 120, true),
          str('lang', 2),
          ...['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9'].map(answer),
          str('suggestion', 1000, true),
          time('answered_at'),
        ],
        indices: [{ columnNames: ['answered_at', 'channel'] }],
      }),
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.dropTable('survey_responses', true);
    await q.dropTable('survey_invitations', true);
  }
}
