import { Injectable } from '@nestjs/common';
import { damerauLevenshtein } from '../common/edit-distance';
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

  async similar(applicationNumber: string, limit: number): Promise<PermitApplication[]> {
    const wanted = applicationNumber.toUpperCase();
    try {
      const rows = await this.tx.read(async (m) => {
        const ranked = (await this.repo.numbersLike(m, wanted, CANDIDATES))
          .map((n) => ({ n, d: damerauLevenshtein(wanted, n, MAX_DISTANCE) }))
          .filter((c) => c.d > 0 && c.d <= MAX_DISTANCE)
          .sort((a, b) => a.d - b.d || a.n.localeCompare(b.n))
          .slice(0, limit)
          .map((c) => c.n);
        const found = await this.repo.findApplications(m, ranked);
        return ranked.flatMap((n) => found.filter((r) => r.number === n));
      });
      return rows.map(rowToApplication);
    } catch (err) {
      throw new PermitProviderUnavailableError(`local registry search failed: ${(err as Error).message}`, err);
    }
  }
}

/** A typo: two characters wrong, missing, extra or swapped at most. */
const MAX_DISTANCE = 2;
/** Numbers compared per search (of one permit type's code or ending): bounds the work on a large registry. */
const CANDIDATES = 20_000;
