import { formatCsvError, parsePermitCsv } from '../../../src/permits/permit-csv';
import { hashNik } from '../../../src/permits/nik';

const toInstant = (date: string, minutes: number) =>
  new Date(`${date}T${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}:00+07:00`);
const HEADER = 'nomor_permohonan,jenis_izin,nama_pemohon,nik,no_hp,tahap,tahap_sejak,tanggal_pengajuan,standar_hari_kerja,tindak_lanjut,menunggu_dinas';

describe('parsePermitCsv', () => {
  it('imports valid rows, keeping only the last 4 digits and a hash of the NIK', () => {
    const csv = `${HEADER}\nPBG/2025/10/00456,PBG rumah tinggal,Budi,3603121505850003,0812-3456-7890,rekomendasi_teknis,2025-10-08,2025-10-01,28,,pupr\n`;
    const { rows, errors } = parsePermitCsv(csv, toInstant);
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({
      number: 'PBG/2025/10/00456',
      nikLast4: '0003',
      nikHash: hashNik('3603121505850003'),
      phone: '+6281234567890',
      stage: 'rekomendasi_teknis',
      serviceStandardDays: 28,
      agencyPending: 'PUPR',
    });
    expect(rows[0].submittedAt.toISOString()).toBe('2025-09-30T17:00:00.000Z');
    expect(JSON.stringify(rows)).not.toContain('3603121505850003');
  });

  it('reports every bad row with line and column, and returns no partial result to write', () => {
    const csv = [
      HEADER,
      'PBG/2025/10/00456,PBG,Budi,3603121505850003,081234567890,verifikasi,2025-10-08,2025-10-01,28,,',
      'SIP-2025-000123,SIP,Siti,12345,0812,sedang jalan,2025-13-01,2025-10-01,lima,,',
      'PBG/2025/10/00456,PBG,Budi,3603121505850003,,verifikasi,2025-10-08,2025-10-01,28,,',
    ].join('\n');
    const { errors } = parsePermitCsv(csv, toInstant);
    const text = errors.map(formatCsvError);
    expect(text).toEqual(
      expect.arrayContaining([
        'line 3 [nik]: must have 16 digits',
        'line 3 [phone]: is not a valid Indonesian phone number',
        expect.stringMatching(/^line 3 \[stage\]: unknown stage 'sedang jalan'/),
        expect.stringMatching(/^line 3 \[stage_since\]: '2025-13-01' is not a date/),
        expect.stringMatching(/^line 3 \[service_standard_days\]/),
        'line 4 [number]: duplicate of line 2',
      ]),
    );
  });

  it('rejects a file with unknown or missing columns', () => {
    const { errors } = parsePermitCsv('nomor,foo\nA,B\n', toInstant);
    expect(errors.map(formatCsvError).join('\n')).toMatch(/unknown column 'foo'[\s\S]*missing column for permitType/);
  });
});
