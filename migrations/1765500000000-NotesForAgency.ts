import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A private note can be marked "tampilkan ke dinas": shown to the officers of
 * the agencies the conversation is referred to (who otherwise see no internal
 * note of the help desk). Plain ADD COLUMN: TypeORM's SQLite addColumn
 * rebuilds the table. Notes written before stay hidden from agencies, except
 * the referral questions and agency answers, which they always saw.
 */
export class NotesForAgency1765500000000 implements MigrationInterface {
  name = 'NotesForAgency1765500000000';

  public async up(q: QueryRunner): Promise<void> {
    const pg = q.connection.options.type === 'postgres';
    const messages = this.table(q);
    await q.query(`ALTER TABLE ${messages} ADD COLUMN for_agency boolean NOT NULL DEFAULT ${pg ? 'false' : '0'}`);
    const users = messages.replace('messages', 'users');
    const yes = pg ? 'true' : '1';
    // The notes agencies need and saw before this flag: the referral's question (written by the hub
    // in that form, src/routing/referrals.service.ts) and the notes and answers of agency officers.
    await q.query(
      `UPDATE ${messages} SET for_agency = ${yes} WHERE is_private = ${yes} AND (text LIKE 'Dirujuk ke % oleh %' OR sender_user_id IN (SELECT id FROM ${users} WHERE role = 'agency'))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ${this.table(q)} DROP COLUMN for_agency`);
  }

  private table(q: QueryRunner): string {
    const schema = (q.connection.options as { schema?: string }).schema;
    return q.connection.options.type === 'postgres' && schema ? `"${schema}"."messages"` : 'messages';
  }
}
