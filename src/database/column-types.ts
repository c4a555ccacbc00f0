import { Column, ColumnOptions } from 'typeorm';

/**
 * A point in time. `type: Date` lets each driver pick its own type
 * ('datetime' on SQLite); the migration creates 'timestamptz' on PostgreSQL,
 * and TypeORM hands pg a Date object, which pg sends with its offset.
 */
export function TimestampColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: Date, ...options });
}
