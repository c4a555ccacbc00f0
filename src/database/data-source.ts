import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { DataSource, DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations';
import { ResolvedConfig } from '../config/hub-config';
import { SnakeNamingStrategy } from './snake-naming.strategy';

const lostConnectionLog = new Logger('Database');

/** The entities come from the application (src/entities.ts): the database layer knows no feature. */
export function dataSourceOptions(
  cfg: Pick<ResolvedConfig, 'DATABASE_URL' | 'DATABASE_SCHEMA' | 'dataDir'>,
  entities: NonNullable<DataSourceOptions['entities']>,
): DataSourceOptions {
  const common = {
    entities,
    migrations: MIGRATIONS,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    logging: false,
  } as const;
  if (cfg.DATABASE_URL) {
    return {
      ...common,
      type: 'postgres',
      url: cfg.DATABASE_URL,
      schema: cfg.DATABASE_SCHEMA,
      // Shows in pg_stat_activity (which connections are the hub's); PGAPPNAME, libpq's own variable, overrides it.
      applicationName: process.env.PGAPPNAME || 'sipinter-hub',
      extra: {
        max: 10,
        // A connection terminated (server restart, pg_terminate_backend) between pg-pool handing it out and
        // TypeORM listening on it emits 'error' with nobody listening, which kills the process. This
        // listener stays for the connection's life; the pool and TypeORM still see the error and drop it.
        onConnect: (client: { on(event: 'error', l: (err: Error) => void): unknown }) => {
          client.on('error', (err) => lostConnectionLog.warn(`PostgreSQL connection lost: ${err.message}`));
        },
      },
    };
  }
  mkdirSync(cfg.dataDir, { recursive: true });
  return {
    ...common,
    type: 'better-sqlite3',
    database: join(cfg.dataDir, 'hub.sqlite'),
    enableWAL: true,
    // Several processes may share the file (api + worker): wait for the lock instead of failing.
    prepareDatabase: (db: { pragma: (s: string) => unknown }) => {
      db.pragma('busy_timeout = 10000');
      db.pragma('synchronous = NORMAL');
    },
  };
}

/**
 * Opens the database and brings the schema up to date. On PostgreSQL an
 * advisory lock makes concurrent starts of several processes take turns.
 */
export async function initializeDataSource(options: DataSourceOptions): Promise<DataSource> {
  if (options.type === 'postgres' && options.schema) {
    const boot = new DataSource({ type: 'postgres', url: options.url });
    await boot.initialize();
    await boot.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    await boot.destroy();
  }
  const ds = new DataSource(options);
  await ds.initialize();
  if (ds.options.type === 'postgres') {
    const runner = ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock(727001)');
      await ds.runMigrations({ transaction: 'each' });
    } finally {
      await runner.query('SELECT pg_advisory_unlock(727001)').catch(() => undefined);
      await runner.release();
    }
  } else {
    await ds.runMigrations({ transaction: 'each' });
  }
  return ds;
}

/** For command-line tools: the application's database with the entities they need. */
export const openDatabase = (
  cfg: Pick<ResolvedConfig, 'DATABASE_URL' | 'DATABASE_SCHEMA' | 'dataDir'>,
  entities: NonNullable<DataSourceOptions['entities']>,
): Promise<DataSource> => initializeDataSource(dataSourceOptions(cfg, entities));
