import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transaction-runner';
import { CannedResponse } from '../schema/canned-response.entity';

/** The canned responses table (the shortcut is unique: inserts and updates may violate it). */
@Injectable()
export class CannedRepository {
  listAll(m: Tx): Promise<CannedResponse[]> {
    return m.find(CannedResponse, { order: { shortcut: 'ASC' } });
  }

  findById(m: Tx, id: string): Promise<CannedResponse | null> {
    return m.findOne(CannedResponse, { where: { id } });
  }

  /** By id, or by its shortcut (already lower-cased, without "/"). */
  findByIdOrShortcut(m: Tx, id: string, shortcut: string): Promise<CannedResponse | null> {
    return m.findOne(CannedResponse, { where: [{ id }, { shortcut }] });
  }

  async insert(m: Tx, row: CannedResponse): Promise<void> {
    await m.insert(CannedResponse, row);
  }

  async update(m: Tx, id: string, row: Partial<CannedResponse>): Promise<void> {
    await m.update(CannedResponse, { id }, row);
  }

  /** Whether a row was deleted. */
  async delete(m: Tx, id: string): Promise<boolean> {
    const r = await m.delete(CannedResponse, { id });
    return !!r.affected;
  }
}
