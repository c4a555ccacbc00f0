import { setup } from './harness';

describe('hand-off flow', () => {
  it('routes by the application number’s team and by the FAQ topic’s team', async () => {
    const a = setup();
    await a.say('cek status SIP-2025-000123');
    expect((await a.say('4')).patch).toMatchObject({ status: 'pending', teamId: 'team-kesehatan', subject: 'Warga minta bicara dengan petugas' });
    const b = setup();
    await b.say('x', { payload: 'faq:pbg-persyaratan' });
    const d = await b.say('x', { payload: 'intent:human_agent' });
    expect(d.patch?.teamId).toBe('team-bangunan');
    expect(d.text).toMatch(/^Baik, saya hubungkan dengan petugas \(perizinan bangunan & tata ruang\)\. Sekarang jam kerja/);
  });

  it('on a public holiday says so and names the next working morning', async () => {
    const { say } = setup('2025-12-25T03:00:00Z');
    const d = await say('4');
    expect(d.text).toMatch(/Hari ini libur \([^)]+\) \(jam kerja Senin–Jumat 08\.00–16\.00 WIB, kecuali libur nasional dan cuti bersama\)/);
    expect(d.text).toMatch(/Pesan yang Anda kirim sekarang akan dibaca petugas; Anda tidak perlu mengulang\.$/);
  });

  it('a file after an FAQ answer goes to a person, with the subject officers see', async () => {
    const { say } = setup();
    await say('x', { payload: 'faq:pbg-persyaratan' });
    const d = await say('ini foto lokasi tanah saya', { files: 1 });
    expect(d.patch).toMatchObject({ status: 'pending', subject: 'Warga mengirim berkas' });
    expect(d.state.awaiting).toBeUndefined();
  });

  it('in English', async () => {
    const { say } = setup('2025-12-24T10:00:00Z');
    const d = await say('I want to talk to a human officer please');
    expect(d.text).toMatch(/^OK, I am connecting you with an officer \(general service\)\. It is outside office hours now \(office hours Mon/);
    expect(d.text).toMatch(/Messages you send now will be read by the officer; no need to repeat yourself\.$/);
  });

  it('"mau ngobrol sama orang" inside a longer message hands off even though a topic matches too', async () => {
    const { say } = setup();
    const d = await say('syarat pbg rumah tinggal apa aja ya, tapi saya mau ngobrol sama orang aja');
    expect(d.patch).toMatchObject({ status: 'pending', teamId: 'team-umum', subject: 'Warga minta bicara dengan petugas' });
    const en = setup();
    expect((await en.say('I have a question about my PBG requirements, can I talk to a human?')).patch).toMatchObject({ status: 'pending' });
    // Mentioning people is not asking for one.
    const no = setup();
    expect((await no.say('orang tua saya mau urus izin praktik bidan')).patch?.status).toBeUndefined();
  });
});
