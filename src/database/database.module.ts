import { DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';
import { dataSourceOptions, initializeDataSource } from './data-source';
import { EntityStatements } from './entity-statements';
import { TransactionRunner } from './transaction-runner';

/** The process's database connection; global like configuration (infrastructure, not a feature). */
@Global()
@Module({})
export class DatabaseModule {
  static forRoot(entities: NonNullable<DataSourceOptions['entities']>): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [HUB_CONFIG],
          useFactory: (cfg: ResolvedConfig) => dataSourceOptions(cfg, entities),
          // Runs migrations (under a lock on PostgreSQL) before anything uses the database.
          dataSourceFactory: async (opts) => initializeDataSource(opts as DataSourceOptions),
        }),
      ],
      providers: [TransactionRunner, EntityStatements],
      exports: [TransactionRunner, EntityStatements],
    };
  }
}
