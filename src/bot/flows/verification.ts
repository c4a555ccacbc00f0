import { normaliseIndonesianPhone } from '../../common/phone';
import { hashNik } from '../../permits/nik';
import type { PermitApplication } from '../../permits/permit.types';

export type VerificationAttempt = { kind: 'last4'; value: string } | { kind: 'nik'; value: string } | { kind: 'phone'; value: string };

/** Reads what the citizen typed as a verification answer, or null when it is not one. */
export function verificationAttempt(text: string): VerificationAttempt | null {
  const compact = text.replace(/[\s.-]/g, '');
  const full = /(?<!\d)(\d{16})(?!\d)/.exec(compact);
  if (full) return { kind: 'nik', value: full[1] };
  const phone = normaliseIndonesianPhone(text.replace(/^[^\d+]+/, '').trim());
  if (phone) return { kind: 'phone', value: phone };
  if (text.length <= 40) {
    const four = /(?<!\d)(\d{4})(?!\d)/.exec(text);
    if (four) return { kind: 'last4', value: four[1] };
  }
  return null;
}

/** Whether the answer proves the requester knows the applicant (last 4 NIK digits, the NIK, or the registered phone). */
export function matchesApplicant(app: PermitApplication, a: VerificationAttempt): boolean {
  if (a.kind === 'last4') return a.value === app.nikLast4;
  if (a.kind === 'nik') return a.value.slice(-4) === app.nikLast4 && (!app.nikHash || app.nikHash === hashNik(a.value));
  return !!app.phone && a.value === app.phone;
}
