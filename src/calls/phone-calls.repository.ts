import { Injectable } from '@nestjs/common';
import type { Tx } from '../database/transaction-runner';
import { PhoneCall, PhoneCallEventReceipt } from './phone-call.entity';

/** The call log and the receipts that make PBX events idempotent. */
@Injectable()
export class PhoneCallsRepository {
  findCall(m: Tx, source: string, callId: string): Promise<PhoneCall | null> {
    return m.findOne(PhoneCall, { where: { source, callId } });
  }

  findById(m: Tx, id: string): Promise<PhoneCall | null> {
    return m.findOne(PhoneCall, { where: { id } });
  }

  /**
   * False when this (source, call, event) was received before. Two processes
   * racing on one event: the loser's insert breaks the unique index and its
   * transaction rolls back whole (the caller treats that as a duplicate).
   */
  async receiveOnce(m: Tx, receipt: PhoneCallEventReceipt): Promise<boolean> {
    if (await m.findOneBy(PhoneCallEventReceipt, { source: receipt.source, callId: receipt.callId, event: receipt.event })) return false;
    await m.insert(PhoneCallEventReceipt, receipt);
    return true;
  }

  async insertCall(m: Tx, call: PhoneCall): Promise<void> {
    await m.insert(PhoneCall, call);
  }

  async updateCall(m: Tx, id: string, set: Partial<PhoneCall>): Promise<void> {
    await m.update(PhoneCall, { id }, set);
  }

  /** The latest calls of one officer's extension, or all for supervisors (userId null). */
  recent(m: Tx, userId: string | null, limit: number): Promise<PhoneCall[]> {
    return m.find(PhoneCall, { where: userId ? { userId } : {}, order: { startedAt: 'DESC' }, take: limit });
  }
}
