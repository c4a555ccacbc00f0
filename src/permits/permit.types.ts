/** Where an application is in the process. Codes are stable; labels are for citizens. */
export const PERMIT_STAGES = {
  diterima: { id: 'Permohonan diterima, menunggu pemeriksaan berkas', en: 'Application received, waiting for document check' },
  verifikasi: { id: 'Pemeriksaan (verifikasi) berkas', en: 'Document verification' },
  perbaikan: { id: 'Dikembalikan untuk perbaikan berkas', en: 'Returned to you for corrections' },
  rekomendasi_teknis: { id: 'Menunggu rekomendasi teknis dinas terkait', en: 'Waiting for the technical agency’s recommendation' },
  survei: { id: 'Peninjauan lapangan', en: 'Site inspection' },
  pembayaran: { id: 'Menunggu pembayaran retribusi', en: 'Waiting for your levy payment' },
  penerbitan: { id: 'Penandatanganan dan penerbitan izin', en: 'Signing and issuing the permit' },
  terbit: { id: 'Izin sudah terbit', en: 'Permit issued' },
  ditolak: { id: 'Permohonan ditolak', en: 'Application rejected' },
} as const;

export type PermitStage = keyof typeof PERMIT_STAGES;

export function isPermitStage(v: string): v is PermitStage {
  return Object.prototype.hasOwnProperty.call(PERMIT_STAGES, v);
}

/** Stages after which nothing runs against the service standard any more. */
export const FINAL_STAGES: PermitStage[] = ['terbit', 'ditolak'];

/** One permit application as a provider reports it (identity data only for verification). */
export interface PermitApplication {
  number: string;
  permitType: string;
  applicantName: string;
  /** Last four digits of the applicant's NIK. */
  nikLast4: string;
  /** sha256 hex of the full NIK, when known (lets a citizen verify with the whole NIK). */
  nikHash: string | null;
  /** E.164. */
  phone: string | null;
  stage: PermitStage;
  stageSince: Date;
  submittedAt: Date;
  /** Service standard in working days, from submission. */
  serviceStandardDays: number;
  nextAction: string | null;
  /** Technical agency the application waits on (PUPR, DLH, Dishub, Dinkes), if any. */
  agencyPending: string | null;
  updatedAt: Date;
}

/** The provider could not be asked (down, timed out, circuit open). Not "not found". */
export class PermitProviderUnavailableError extends Error {
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'PermitProviderUnavailableError';
  }
}

/** Looks up the status of a permit application. */
export interface PermitStatusProvider {
  readonly name: string;
  /** null when no such application exists; throws PermitProviderUnavailableError when it cannot tell. */
  find(applicationNumber: string): Promise<PermitApplication | null>;
  /**
   * Applications whose numbers are close to a number that was not found
   * (a typo: edit distance ≤ 2, a transposition counting one), closest first,
   * at most `limit`. Optional: a provider that cannot search returns none.
   */
  similar?(applicationNumber: string, limit: number): Promise<PermitApplication[]>;
}

export const PERMIT_STATUS_PROVIDER = Symbol('PERMIT_STATUS_PROVIDER');
