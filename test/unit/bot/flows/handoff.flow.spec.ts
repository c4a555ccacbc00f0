import { nameFrom } from '../../../../src/bot/flows/handoff.flow';
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
    const d = await say('4', { name: 'Budi' });
    expect(d.text).toMatch(/Hari ini libur \([^)]+\) \(jam kerja Senin–Jumat 08\.00–16\.00 WIB, kecuali libur nasional dan cuti bersama\)/);
    expect(d.text).toMatch(/Pesan yang Anda kirim sekarang akan dibaca petugas; Anda tidak perlu mengulang\.$/);
  });

  it('a file after an FAQ answer goes to a person, with the subject officers see', async () => {
    const { say } = setup();
    await say('x', { payload: 'faq:pbg-persyaratan' });
    const d = await say('ini foto lokasi tanah saya', { files: 1, name: 'Budi' });
    expect(d.patch).toMatchObject({ status: 'pending', subject: 'Warga mengirim berkas' });
    expect(d.state.awaiting).toBeUndefined();
  });

  it('in English', async () => {
    const { say } = setup('2025-12-24T10:00:00Z');
    const d = await say('I want to talk to a human officer please', { name: 'Budi' });
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

  describe('asks the citizen’s name when the office does not know it', () => {
    it('asks once, after the hand-off is decided, and takes a name as the contact’s', async () => {
      const { say } = setup();
      const d = await say('saya mau bicara dengan petugas');
      // The hand-off does not wait for the answer.
      expect(d.patch).toMatchObject({ status: 'pending', subject: 'Warga minta bicara dengan petugas' });
      expect(d.text).toMatch(/Anda tidak perlu mengulang\.\n\nSambil menunggu, boleh kami tahu nama Anda\?/);
      expect(d.state.awaiting).toBe('contact_name');
      const a = await say('nama saya budi santoso');
      expect(a.contactName).toBe('Budi Santoso');
      expect(a.text).toBe('Terima kasih, Budi Santoso. Petugas akan membalas di chat ini.');
      expect(a.state.awaiting).toBeUndefined();
      // Only the bot's state changes: the conversation stays with the officers' queue.
      expect(Object.keys(a.patch ?? {})).toEqual(['botState']);
    });

    it('does not ask when the contact has a name', async () => {
      const { say } = setup();
      const d = await say('saya mau bicara dengan petugas', { name: 'Siti' });
      expect(d.text).not.toMatch(/nama Anda/);
      expect(d.state.awaiting).toBeUndefined();
    });

    it('leaves anything that is not a name to the officer, without a bot reply', async () => {
      const { say } = setup();
      await say('saya mau bicara dengan petugas');
      const a = await say('berapa lama proses PBG? nomor saya PBG/2025/10/00456');
      expect(a.contactName).toBeUndefined();
      expect(a.replies).toEqual([]);
      expect(a.state.awaiting).toBeUndefined();
      expect(a.patch?.status).toBeUndefined();
    });
  });

  it.each([
    ['Budi Santoso', 'Budi Santoso'],
    ['nama saya siti rahmawati', 'Siti Rahmawati'],
    ['Saya: Dewi.', 'Dewi'],
    ["my name is o'neil", "O'Neil"],
  ])('reads %p as the name %p', (text, name) => {
    expect(nameFrom(text)).toBe(name);
  });

  it.each(['ok', 'Terima kasih', '12345', 'berapa biayanya?', 'saya ingin menanyakan status permohonan saya yang sudah lama sekali', 'a'])(
    '%p is not a name',
    (text) => {
      expect(nameFrom(text)).toBeNull();
    },
  );
});
