import { Injectable } from '@nestjs/common';
import { PermitsRepository } from './permits.repository';
import { TransactionRunner } from '../database/transaction-runner';
import { PermitApplicationRow } from '../schema/permit-application.entity';
import { isPermitStage, PermitApplication, PermitProviderUnavailableError, PermitStatusProvider } from './permit.types';

export function rowToApplication(r: PermitApplicationRow): PermitApplication {
  return {
    number: r.number,
    permitType: r.permitType,
    applicantName: r.applicantName,
    nikLast4: r.nikLast4,
    nikHash: r.nikHash,
    phone: r.phone,
    stage: isPermitStage(r.stage) ? r.stage : 'verifikasi',
    stageSince: new Date(r.stageSince),
    submittedAt: new Date(r.submittedAt),
    serviceStandardDays: r.serviceStandardDays,
    nextAction: r.nextAction,
    agencyPending: r.agencyPending,
    updatedAt: new Date(r.updatedAt),
  };
}

/** Status from the office's own table (permit_applications), filled by `npm run permits:import`. */
@Injectable()
export class LocalRegistryProvider implements PermitStatusProvider {
  readonly name = 'local';

  constructor(
    private readonly tx: TransactionRunner,
    private readonly repo: PermitsRepository,
  ) {}

  async find(applicationNumber: string): Promise<PermitApplication | null> {
    try {
      const row = await this.tx.read((m) => this.repo.findApplication(m, applicationNumber));
      return row ? rowToApplication(row) : null;
    } catch (err) {
      throw new PermitProviderUnavailableError(`local registry lookup failed: ${(err as Error).message}`, err);
    }
  }
}
