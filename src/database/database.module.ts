import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSourceOptions } from 'typeorm';
import { HUB_CONFIG, ResolvedConfig } from '../config/hub-config';
import { dataSourceOptions, initializeDataSource } from './data-source';
import { EntityStatements } from './entity-statements';
import { TransactionRunner } from './transaction-runner';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [HUB_CONFIG],
      useFactory: (cfg: ResolvedConfig) => dataSourceOptions(cfg),
      // Runs migrations (under a lock on PostgreSQL) before anything uses the database.
      dataSourceFactory: async (opts) => initializeDataSource(opts as DataSourceOptions),
    }),
  ],
  providers: [TransactionRunner, EntityStatements],
  exports: [TransactionRunner, EntityStatements],
})
export class DatabaseModule {}
