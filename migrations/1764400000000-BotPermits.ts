import { MigrationInterface, QueryRunner, Table, TableColumnOptions } from 'typeorm';

/** The four routing teams the bot hands off to; fixed ids so every database agrees. */
export const SEED_TEAMS = [
  { id: '5b0c1e2a-7d3f-4a51-9c1e-0a1b2c3d4e01', code: 'umum', name: 'Layanan Umum' },
  { id: '5b0c1e2a-7d3f-4a51-9c1e-0a1b2c3d4e02', code: 'bangunan', name: 'Perizinan Bangunan & Tata Ruang (PBG, SLF, reklame, PKKPR, andalalin, lingkungan)' },
  { id: '5b0c1e2a-7d3f-4a51-9c1e-0a1b2c3d4e03', code: 'kesehatan', name: 'Perizinan Kesehatan (tenaga kesehatan, fasilitas kesehatan)' },
  { id: '5b0c1e2a-7d3f-4a51-9c1e-0a1b2c3d4e04', code: 'pengaduan', name: 'Pengaduan' },
];

/** Raw SQL does not get the data source's schema (PostgreSQL DATABASE_SCHEMA): qualify it. */
function teamsTable(q: QueryRunner): string {
  const schema = q.connection.options.type === 'postgres' ? q.connection.options.schema : undefined;
  return schema ? `"${schema}"."teams"` : 'teams';
}

/**
 * Permit registry (local status provider), "notify me" subscriptions, and
 * the teams seed. Table API only, so one migration serves both databases.
 */
export class BotPermits1764400000000 implements MigrationInterface {
  name = 'BotPermits1764400000000';

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

    await q.createTable(
      new Table({
        name: 'permit_applications',
        columns: [
          { ...str('number', 40), isPrimary: true },
          str('permit_type', 120),
          str('applicant_name', 200),
          str('nik_last4', 4),
          str('nik_hash', 64, true),
          str('phone', 20, true),
          str('stage', 32),
          time('stage_since'),
          time('submitted_at'),
          { name: 'service_standard_days', type: 'integer' },
          str('next_action', 500, true),
          str('agency_pending', 80, true),
          time('updated_at'),
        ],
        indices: [{ columnNames: ['phone'] }, { columnNames: ['stage'] }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'permit_subscriptions',
        columns: [
          { ...str('id', 36), isPrimary: true },
          str('application_number', 40),
          str('contact_id', 36),
          str('channel', 32),
          str('identity_id', 36, true),
          { name: 'verified', type: 'boolean', default: false },
          time('created_at'),
          time('notified_at', true),
        ],
        indices: [{ columnNames: ['application_number', 'contact_id'], isUnique: true }, { columnNames: ['contact_id'] }],
      }),
    );
    // created_at as each driver stores a TypeORM Date column (SQLite: UTC text).
    const now = new Date();
    const createdAt = pg ? now : now.toISOString().replace('T', ' ').replace('Z', '');
    const teams = teamsTable(q);
    const sql = pg
      ? `INSERT INTO ${teams} (id, code, name, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`
      : 'INSERT OR IGNORE INTO teams (id, code, name, created_at) VALUES (?, ?, ?, ?)';
    for (const t of SEED_TEAMS) await q.query(sql, [t.id, t.code, t.name, createdAt]);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM ${teamsTable(q)} WHERE id IN (${SEED_TEAMS.map((t) => `'${t.id}'`).join(', ')})`);
    await q.dropTable('permit_subscriptions', true);
    await q.dropTable('permit_applications', true);
  }
}
