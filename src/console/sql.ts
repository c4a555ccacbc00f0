import { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * The quoted, schema-qualified table of an entity, for SQL fragments
 * (EXISTS sub-queries): with DATABASE_SCHEMA set, PostgreSQL tables are not
 * on the search path, and TypeORM qualifies only the tables it names itself.
 */
export function table(ds: DataSource, entity: EntityTarget<ObjectLiteral>): string {
  const md = ds.getMetadata(entity);
  return md.schema ? `"${md.schema}"."${md.tableName}"` : `"${md.tableName}"`;
}
