import { MigrationInterface, QueryRunner, TableColumn } from 'typeorm';

/** Officers' notes on a citizen (contact panel). Table API only: one file for both databases. */
export class ContactNotes1765400000000 implements MigrationInterface {
  name = 'ContactNotes1765400000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.addColumn('contacts', new TableColumn({ name: 'notes', type: 'text', isNullable: true }));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.dropColumn('contacts', 'notes');
  }
}
