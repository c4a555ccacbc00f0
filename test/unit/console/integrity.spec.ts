import { checkIntegrity, toE164 } from '../../../src/console/integrity';

describe('integrity guard', () => {
  const flagged: [string, string][] = [
    ['Hubungi saya di 0812-3456-7890 saja ya', 'personal_phone'],
    ['WA saya +62 813 1234 5678', 'personal_phone'],
    ['langsung chat ke wa.me/6281234567890', 'personal_phone'],
    ['Silakan transfer ke rekening BCA 1234567890 a.n. Budi', 'bank_account'],
    ['norek mandiri 123-000-456-7890', 'bank_account'],
    ['Biar cepat, ada biaya percepatan ya pak', 'payment_request'],
    ['Bayar Rp 500.000 nanti izinnya saya bantu', 'payment_request'],
    ['kasih uang rokok aja 100rb', 'payment_request'],
    ['Transfer dulu 2 juta baru diproses', 'payment_request'],
    ['Lebih cepat lewat biro jasa kenalan saya', 'private_consultant'],
    ['Saya punya teman konsultan, hubungi dia saja', 'private_consultant'],
    ['Bisa lewat orang dalam, dijamin beres', 'private_consultant'],
    ['pakai calo saja biar cepat', 'private_consultant'],
  ];
  it.each(flagged)('flags %j as %s', (text, reason) => {
    const v = checkIntegrity(text);
    expect(v.flagged).toBe(true);
    expect(v.reasons).toContain(reason);
  });

  const clean = [
    'Terima kasih, permohonan PBG Anda sedang diverifikasi. Nomor permohonan 503/PBG/2025/00123.',
    'Retribusi PBG Anda Rp 1.250.000, silakan bayar melalui kode billing 820251234567 di bank BJB atau aplikasi SIPINTER.',
    'Layanan perizinan di DPMPTSP gratis, tidak dipungut biaya. Jangan gunakan calo atau biro jasa.',
    'Mohon tidak perlu memakai konsultan atau calo, Bapak/Ibu bisa mengurus sendiri di SIPINTER.',
    'Silakan datang ke MPP Kabupaten Tangerang, Senin–Jumat pukul 08.00–16.00.',
    'Gambar teknis disiapkan oleh penyedia jasa perencana bersertifikat sesuai ketentuan PBG.',
    'Untuk NIK 3603123456789012 mohon dicek kembali, datanya belum cocok.',
    'Hubungi call center resmi kami di 0812-0000-1111.',
  ];
  it.each(clean)('does not flag %j', (text) => {
    expect(checkIntegrity(text, ['081200001111'])).toEqual({ flagged: false, reasons: [] });
  });

  it('normalises numbers', () => {
    expect(toE164('0812-3456-7890')).toBe('+6281234567890');
    expect(toE164('+62 812 3456 7890')).toBe('+6281234567890');
  });
});
