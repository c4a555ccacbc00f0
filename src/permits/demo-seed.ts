import { WorkingCalendar } from '../common/calendar/working-calendar';
import { PermitApplicationRow } from '../schema/permit-application.entity';
import { hashNik } from './nik';

/**
 * A handful of realistic applications for DEMO_MODE, dated relative to today
 * so the figures (since when, expected completion) always look current.
 * NIKs and phone numbers are invented; only last 4 digits + hash are stored.
 */
export function demoApplications(cal: WorkingCalendar, now = new Date()): PermitApplicationRow[] {
  const back = (workingDays: number, minutes = 9 * 60 + 30): Date => {
    let d = cal.toLocalDate(now);
    let left = workingDays;
    while (left > 0) {
      const [y, m, day] = d.split('-').map(Number);
      const prev = new Date(Date.UTC(y, m - 1, day - 1));
      d = prev.toISOString().slice(0, 10);
      if (cal.isWorkingDay(d)) left--;
    }
    return cal.atLocal(d, minutes);
  };
  const row = (r: Omit<PermitApplicationRow, 'nikLast4' | 'nikHash' | 'updatedAt'> & { nik: string }): PermitApplicationRow => {
    const { nik, ...rest } = r;
    return { ...rest, nikLast4: nik.slice(-4), nikHash: hashNik(nik), updatedAt: now };
  };
  return [
    row({
      number: 'PBG/2025/10/00456',
      permitType: 'Persetujuan Bangunan Gedung (PBG) rumah tinggal 2 lantai',
      applicantName: 'Budi Santoso',
      nik: '3603121505850003',
      phone: '+6281234567890',
      stage: 'rekomendasi_teknis',
      stageSince: back(4),
      submittedAt: back(12),
      serviceStandardDays: 28,
      nextAction: null,
      agencyPending: 'PUPR',
    }),
    row({
      number: 'SIP-2025-000123',
      permitType: 'Surat Izin Praktik (SIP) Dokter',
      applicantName: 'dr. Siti Rahmawati',
      nik: '3603015708900004',
      phone: '+6285712345678',
      stage: 'verifikasi',
      stageSince: back(1),
      submittedAt: back(2),
      serviceStandardDays: 5,
      nextAction: null,
      agencyPending: null,
    }),
    row({
      number: 'SIP-2025-000140',
      permitType: 'Surat Izin Praktik Bidan (SIPB)',
      applicantName: 'Nurhayati',
      nik: '3603204411920001',
      phone: '+6281398765432',
      stage: 'perbaikan',
      stageSince: back(2),
      submittedAt: back(3),
      serviceStandardDays: 5,
      nextAction: 'Unggah ulang STR yang masih berlaku di SIPINTER, lalu tekan "Kirim Perbaikan".',
      agencyPending: null,
    }),
    row({
      number: 'SLF/2025/07/00078',
      permitType: 'Sertifikat Laik Fungsi (SLF) bangunan gudang',
      applicantName: 'PT Maju Logistik Tangerang',
      nik: '3603280101800007',
      phone: '+6281287654321',
      stage: 'rekomendasi_teknis',
      stageSince: back(30),
      submittedAt: back(35),
      serviceStandardDays: 25,
      nextAction: null,
      agencyPending: 'PUPR',
    }),
    row({
      number: 'REK-2025-000031',
      permitType: 'Izin Penyelenggaraan Reklame (papan nama usaha)',
      applicantName: 'CV Sinar Jaya',
      nik: '3603112003870002',
      phone: '+6287812341234',
      stage: 'pembayaran',
      stageSince: back(1),
      submittedAt: back(6),
      serviceStandardDays: 10,
      nextAction: 'Bayar retribusi memakai kode bayar yang tampil di akun SIPINTER Anda, lalu simpan bukti bayarnya.',
      agencyPending: null,
    }),
    row({
      number: 'PBG/2025/08/00211',
      permitType: 'Persetujuan Bangunan Gedung (PBG) ruko',
      applicantName: 'Hendra Wijaya',
      nik: '3603061209790005',
      phone: '+6281311122233',
      stage: 'terbit',
      stageSince: back(8),
      submittedAt: back(40),
      serviceStandardDays: 28,
      nextAction: 'Unduh dokumen PBG di akun SIPINTER (menu Permohonan Saya).',
      agencyPending: null,
    }),
  ];
}
