import { APP, setup } from './harness';

describe('status flow', () => {
  const verified = { phone: APP.phone as string };

  it('during corrections, notes that the service time continues once they are received', async () => {
    const { say } = setup(undefined, [{ ...APP, stage: 'perbaikan', agencyPending: null, nextAction: 'Lengkapi gambar denah' }]);
    const d = await say(`status ${APP.number}`, verified);
    expect(d.text).toMatch(/Tahap sekarang: [^\n(]+\n/);
    expect(d.text).toContain('  (Waktu pelayanan dihitung lagi setelah perbaikan berkas Anda diterima.)');
    expect(d.text).toMatch(/Yang perlu Anda lakukan: Lengkapi gambar denah/);
  });

  it('an issued permit: no expected date, no "notify me", and where to download it', async () => {
    const { say } = setup(undefined, [{ ...APP, stage: 'terbit' }]);
    const d = await say(`status ${APP.number}`, verified);
    expect(d.text).not.toMatch(/Perkiraan selesai|Standar pelayanan/);
    expect(d.text).toMatch(/Unduh dokumen izin di akun SIPINTER Anda\./);
    expect(d.replies[0].quickReplies?.map((q) => q.payload)).toEqual(['intent:human_agent', 'menu']);
  });

  it('past the service standard: shows the status, then hands off to the number’s team with the reason as subject', async () => {
    const { say } = setup('2025-11-03T03:00:00Z');
    const d = await say(`status ${APP.number}`, verified);
    expect(d.replies).toHaveLength(1);
    expect(d.text).toMatch(/Tahap sekarang[\s\S]*sudah melewati standar waktu pelayanan \(seharusnya selesai Rabu, 15 Oktober 2025\)/);
    expect(d.patch).toMatchObject({ status: 'pending', teamId: 'team-bangunan', subject: `Permohonan ${APP.number} melewati standar waktu` });
  });

  it('asked for a number: digits that are none get the format hint and keep waiting; "lupa" at verification offers an officer', async () => {
    const { say, failures } = setup();
    await say('1');
    const bad = await say('12345');
    expect(bad.text).toMatch(/Format nomor permohonan belum saya kenali/);
    expect(bad.state.awaiting).toBe('app_number');
    await say(APP.number);
    const forgot = await say('saya lupa NIK-nya');
    expect(forgot.text).toMatch(/^Tidak apa-apa\. Data pemohon hanya bisa saya tampilkan setelah verifikasi/);
    expect(forgot.replies[0].quickReplies?.map((q) => q.payload)).toEqual(['intent:human_agent', 'menu']);
    expect(forgot.state.awaiting).toBeUndefined();
    expect(failures).toEqual([]);
  });

  it('a full NIK verifies too; English gets English field names', async () => {
    const { say } = setup();
    await say(`what is the status of my application ${APP.number}`);
    const d = await say('3603121505850003');
    expect(d.text).toMatch(/Status of application PBG\/2025\/10\/00456\n• Permit: PBG rumah tinggal\n• Current stage: .+ \(PUPR\)/);
    expect(d.text).toMatch(/• What you need to do: Nothing for now/);
  });

  it('a follow-up right after a status answer is about that application; later it is not', async () => {
    const { say } = setup(undefined, [{ ...APP, stage: 'perbaikan', agencyPending: null, nextAction: 'Lengkapi gambar denah' }]);
    await say(`status ${APP.number}`, verified);
    const d = await say('kalau sudah diperbaiki berapa lama lagi?');
    expect(d.text).toMatch(new RegExp(`^Tentang permohonan ${APP.number.replace(/\//g, '\\/')} yang baru saja kita bahas:`));
    expect(d.text).toContain('(Waktu pelayanan dihitung lagi setelah perbaikan berkas Anda diterima.)');
    // Another topic in between: the same words no longer refer to the application.
    await say('x', { payload: 'faq:jam-layanan' });
    const later = await say('kalau sudah diperbaiki berapa lama lagi?');
    expect(later.text).not.toMatch(/Tentang permohonan/);
  });

  it('"lupa nomor permohonan" says where the number is written and offers an officer', async () => {
    const { say } = setup();
    const d = await say('saya lupa nomor permohonan saya, gimana cek statusnya?');
    expect(d.text).toMatch(/^Nomor permohonan ada di: \(1\) tanda terima/);
    expect(d.replies[0].quickReplies?.map((q) => q.payload)).toEqual(['intent:human_agent', 'menu']);
    expect(d.state.awaiting).toBeUndefined();
    // Also when the bot was waiting for the number.
    const w = setup();
    await w.say('1');
    const forgot = await w.say('lupa no permohonannya');
    expect(forgot.text).toMatch(/^Nomor permohonan ada di:/);
  });
});
